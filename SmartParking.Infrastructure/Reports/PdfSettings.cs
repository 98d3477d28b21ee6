namespace SmartParking.Infrastructure.Reports;

/// <summary>Section "Pdf": the headless browser that prints reports.</summary>
public sealed class PdfSettings
{
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>Pages printing at once; more requests wait their turn instead of starting more renderers.</summary>
    public int MaxConcurrentPages { get; set; } = 2;

    /// <summary>A print that takes longer than this is abandoned, so a wedged browser cannot hold a request forever.</summary>
    public int TimeoutSeconds { get; set; } = 60;
}
