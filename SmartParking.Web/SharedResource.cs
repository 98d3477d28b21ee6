namespace SmartParking.Web;

/// <summary>Anchor type for the UI text in Resources/SharedResource*.resx (zh-CN neutral, English satellite).</summary>
public sealed class SharedResource;
