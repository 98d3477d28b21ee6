using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Gate;

namespace SmartParking.Web.Gate;

/// <summary>One line of the booth's live list.</summary>
public sealed record BoothRow(
    Guid Key,
    GateNewsKind Kind,
    string Plate,
    DateTime AtLocal,
    CustomerClass Customer,
    GateVerdict Verdict,
    string Reason,
    decimal? Fee,
    Guid? SessionId,
    bool Unpaid,
    Guid? CaptureId = null)
{
    public static BoothRow From(GateNews news) => new(
        news.EventId ?? Guid.NewGuid(),
        news.Kind,
        news.Plate,
        news.AtLocal,
        news.CustomerClass,
        news.Verdict,
        news.Reason,
        news.Fee,
        news.SessionId,
        news.Kind == GateNewsKind.Exited && news.CustomerClass == CustomerClass.Visitor && news.Fee > 0,
        news.CaptureId);
}
