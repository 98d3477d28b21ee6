namespace SmartParking.Web;

/// <summary>Anchor type for the PDF reports' and the reports page's text in Resources/ReportText*.resx (zh-CN neutral, English satellite).</summary>
public sealed class ReportText;
