namespace SmartParking.Infrastructure.Reports;

public enum ReportStage
{
    Querying,
    RenderingHtml,
    Printing,
    Archiving,
    Done,
}

/// <summary>Where a build is; the percentages are rough shares of the time each stage takes on the 2-core box.</summary>
public sealed record ReportProgress(ReportStage Stage)
{
    public int Percent => Stage switch
    {
        ReportStage.Querying => 10,
        ReportStage.RenderingHtml => 30,
        ReportStage.Printing => 50,
        ReportStage.Archiving => 90,
        _ => 100,
    };
}
