using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using SmartParking.Domain.Common;

namespace SmartParking.Web.Common;

/// <summary>
/// An expected failure of an API call on its way to the caller: what went wrong as a domain error (code and
/// arguments), the JSON field it is about, and the keys the legacy front end reads beside the problem.
/// </summary>
public sealed record ApiFailure(DomainError Error, string? Field = null)
{
    public const string InvalidRequest = "Request.Invalid";

    /// <summary>Several fields at once, already worded (a request body that fails on more than one field).</summary>
    public IReadOnlyDictionary<string, string[]>? FieldErrors { get; init; }

    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    public static ApiFailure Of(string code, params object[] arguments) => new(DomainError.Of(code, arguments));

    public static ApiFailure From(DomainException exception) => new(exception.Error);

    public static ApiFailure Invalid(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(DomainError.Of(InvalidRequest)) { FieldErrors = fieldErrors };

    public ApiFailure About(string field) => this with { Field = field };
}

/// <summary>
/// The one place where an expected failure becomes an HTTP answer: the status its code means, title and detail in
/// the caller's language (the request's culture: <c>?culture=</c> or the culture cookie, zh-CN by default), the
/// field it is about under <c>errors</c> keyed by the JSON name, and the code under <c>code</c> for machines.
/// </summary>
public static class ApiProblems
{
    // One table, so the same failure never answers with two statuses on two routes.
    private static readonly Dictionary<string, int> Statuses = new(StringComparer.Ordinal)
    {
        [ApiFailure.InvalidRequest] = StatusCodes.Status400BadRequest,
        ["Ledger.AmountInvalid"] = StatusCodes.Status400BadRequest,
        ["TopUp.BelowMinimum"] = StatusCodes.Status400BadRequest,
        ["TopUp.AboveMaximum"] = StatusCodes.Status400BadRequest,
        ["Refund.ReasonMissing"] = StatusCodes.Status400BadRequest,
        ["Refund.MoreThanPaid"] = StatusCodes.Status400BadRequest,
        ["Adjustment.ReasonMissing"] = StatusCodes.Status400BadRequest,
        ["Reconciliation.ResolutionMissing"] = StatusCodes.Status400BadRequest,
        ["Payment.ChannelUnknown"] = StatusCodes.Status400BadRequest,
        ["Payment.ChannelOff"] = StatusCodes.Status400BadRequest,
        ["Payment.NoStay"] = StatusCodes.Status404NotFound,
        ["Payment.NotFound"] = StatusCodes.Status404NotFound,
        ["Refund.NotFound"] = StatusCodes.Status404NotFound,
        ["Adjustment.NotFound"] = StatusCodes.Status404NotFound,
        ["Alert.NotFound"] = StatusCodes.Status404NotFound,
        ["Reconciliation.NotFound"] = StatusCodes.Status404NotFound,
        ["Refund.SamePerson"] = StatusCodes.Status403Forbidden,
        ["Payment.ProviderUnavailable"] = StatusCodes.Status503ServiceUnavailable,
        ["Gate.ExitBeforeEntryAt"] = StatusCodes.Status400BadRequest,
        ["Gate.TimeInFuture"] = StatusCodes.Status400BadRequest,
        ["Gate.TimeBeforeLot"] = StatusCodes.Status400BadRequest,
        ["Stay.ConfirmedFeeOutOfRange"] = StatusCodes.Status400BadRequest,
        ["Calendar.DateOutOfRange"] = StatusCodes.Status400BadRequest,
        ["Calendar.DateInvalid"] = StatusCodes.Status400BadRequest,
        ["Calendar.WorkingDayNotWeekend"] = StatusCodes.Status400BadRequest,
        ["Calendar.NameInvalid"] = StatusCodes.Status400BadRequest,
        ["Calendar.KindUnknown"] = StatusCodes.Status400BadRequest,
        ["Calendar.DayNotMarked"] = StatusCodes.Status404NotFound,
        ["Photo.NotMultipart"] = StatusCodes.Status400BadRequest,
        ["Photo.MalformedMultipart"] = StatusCodes.Status400BadRequest,
        ["Photo.Missing"] = StatusCodes.Status400BadRequest,
        ["Photo.NotAnImage"] = StatusCodes.Status400BadRequest,
        ["Culture.Unsupported"] = StatusCodes.Status400BadRequest,
        ["Lot.Ambiguous"] = StatusCodes.Status400BadRequest,
        ["Lot.NameTaken"] = StatusCodes.Status400BadRequest,
        ["Lot.CodeTaken"] = StatusCodes.Status400BadRequest,
        ["Lot.CodeInvalid"] = StatusCodes.Status400BadRequest,
        ["Lot.NameRequired"] = StatusCodes.Status400BadRequest,
        ["Lot.TimeZoneUnknown"] = StatusCodes.Status400BadRequest,
        ["Lot.AddressTooLong"] = StatusCodes.Status400BadRequest,
        ["Lane.CodeInvalid"] = StatusCodes.Status400BadRequest,
        ["Lane.CodeTaken"] = StatusCodes.Status400BadRequest,
        ["Lane.NameRequired"] = StatusCodes.Status400BadRequest,
        ["Lane.NameTaken"] = StatusCodes.Status400BadRequest,
        ["Lane.DirectionUnknown"] = StatusCodes.Status400BadRequest,
        ["Lane.AutoOpenConfidenceOutOfRange"] = StatusCodes.Status400BadRequest,
        ["DeviceKey.IdMalformed"] = StatusCodes.Status400BadRequest,
        ["DeviceKey.NameTooLong"] = StatusCodes.Status400BadRequest,
        ["DeviceKey.GraceOutOfRange"] = StatusCodes.Status400BadRequest,
        ["Lot.NoneAssigned"] = StatusCodes.Status403Forbidden,
        ["Lot.NotFound"] = StatusCodes.Status404NotFound,
        ["Person.NotFound"] = StatusCodes.Status404NotFound,
        ["Erasure.NotFound"] = StatusCodes.Status404NotFound,
        ["Erasure.ReasonRequired"] = StatusCodes.Status400BadRequest,
        ["Erasure.ReasonTooLong"] = StatusCodes.Status400BadRequest,
        ["Erasure.SameAdmin"] = StatusCodes.Status403Forbidden,
        ["Announcement.NotFound"] = StatusCodes.Status404NotFound,
        ["Auth.WrongPassword"] = StatusCodes.Status401Unauthorized,
        ["Auth.LockedOut"] = StatusCodes.Status401Unauthorized,
        ["Auth.TooManyAttempts"] = StatusCodes.Status429TooManyRequests,
        ["Auth.CodeRequired"] = StatusCodes.Status401Unauthorized,
        ["Auth.WrongCode"] = StatusCodes.Status401Unauthorized,
        ["Auth.TwoFactorRequired"] = StatusCodes.Status403Forbidden,
        ["Auth.RefreshRefused"] = StatusCodes.Status401Unauthorized,
        ["Device.UnknownSerial"] = StatusCodes.Status401Unauthorized,
        ["Device.SerialTaken"] = StatusCodes.Status409Conflict,
        ["Device.SerialInvalid"] = StatusCodes.Status400BadRequest,
        ["Device.ControlUrlInvalid"] = StatusCodes.Status400BadRequest,
        ["Device.ControlUserInvalid"] = StatusCodes.Status400BadRequest,
        ["Device.ControlChannelInvalid"] = StatusCodes.Status400BadRequest,
        ["Device.AddressInvalid"] = StatusCodes.Status400BadRequest,
        ["Device.PushTooLarge"] = StatusCodes.Status413PayloadTooLarge,
        ["Device.KeyOfAnotherLot"] = StatusCodes.Status401Unauthorized,
        ["Device.KeyOfAnotherLane"] = StatusCodes.Status401Unauthorized,
        ["Device.KeyUnknown"] = StatusCodes.Status401Unauthorized,
        ["Device.KeyRevoked"] = StatusCodes.Status401Unauthorized,
        ["Device.DemoKeyOff"] = StatusCodes.Status401Unauthorized,
        ["Gate.Blacklisted"] = StatusCodes.Status403Forbidden,
        ["Owner.OnlyOwnAccount"] = StatusCodes.Status403Forbidden,
        ["Report.LinkOfAnotherUser"] = StatusCodes.Status403Forbidden,
        ["Gate.NoOpenStay"] = StatusCodes.Status404NotFound,
        ["Lane.NotFound"] = StatusCodes.Status404NotFound,
        ["Barrier.CommandNotFound"] = StatusCodes.Status404NotFound,
        ["Lane.Unknown"] = StatusCodes.Status404NotFound,
        ["DeviceKey.NotFound"] = StatusCodes.Status404NotFound,
        ["Capture.PhotoGone"] = StatusCodes.Status404NotFound,
        ["Stay.NotFound"] = StatusCodes.Status404NotFound,
        ["Owner.NoOwnerRecord"] = StatusCodes.Status404NotFound,
        ["Owner.NotFound"] = StatusCodes.Status404NotFound,
        ["Report.LinkExpired"] = StatusCodes.Status410Gone,
        ["Photo.TooLarge"] = StatusCodes.Status413PayloadTooLarge,
        ["Api.TakeOutOfRange"] = StatusCodes.Status400BadRequest,
        ["Api.SignInRequired"] = StatusCodes.Status401Unauthorized,
        ["Api.NotAllowed"] = StatusCodes.Status403Forbidden,
        ["Api.RouteNotFound"] = StatusCodes.Status404NotFound,
        ["Api.MethodNotAllowed"] = StatusCodes.Status405MethodNotAllowed,
        ["Api.RequestTooLarge"] = StatusCodes.Status413PayloadTooLarge,
        ["Api.MediaTypeUnsupported"] = StatusCodes.Status415UnsupportedMediaType,
        ["Api.TooManyRequests"] = StatusCodes.Status429TooManyRequests,
        ["Server.Unexpected"] = StatusCodes.Status500InternalServerError,
        ["Owner.UnitRequired"] = StatusCodes.Status400BadRequest,
        ["Owner.UnitTooLong"] = StatusCodes.Status400BadRequest,
        ["Owner.TooManyVehicles"] = StatusCodes.Status400BadRequest,
        ["Owner.DeactivationReasonRequired"] = StatusCodes.Status400BadRequest,
        ["Vehicle.UnknownType"] = StatusCodes.Status400BadRequest,
        ["Import.Empty"] = StatusCodes.Status400BadRequest,
        ["Import.NotCsvOrXlsx"] = StatusCodes.Status400BadRequest,
        ["Import.TooManyRows"] = StatusCodes.Status400BadRequest,
        ["Import.MissingColumn"] = StatusCodes.Status400BadRequest,
        ["Import.PlateTwiceInFile"] = StatusCodes.Status400BadRequest,
        ["Import.FileMissing"] = StatusCodes.Status400BadRequest,
        ["Import.NotMultipart"] = StatusCodes.Status400BadRequest,
        ["Import.DryRunInvalid"] = StatusCodes.Status400BadRequest,
        ["Import.FileTooLarge"] = StatusCodes.Status413PayloadTooLarge,
        ["Activation.Unknown"] = StatusCodes.Status404NotFound,
        ["Activation.Used"] = StatusCodes.Status410Gone,
        ["Activation.Expired"] = StatusCodes.Status410Gone,
        ["Activation.Replaced"] = StatusCodes.Status410Gone,
        ["Recognition.Unavailable"] = StatusCodes.Status503ServiceUnavailable,
        ["Lot.NotSetUp"] = StatusCodes.Status503ServiceUnavailable,
        ["Report.BrowserDidNotStart"] = StatusCodes.Status503ServiceUnavailable,
        ["Report.PrintFailed"] = StatusCodes.Status503ServiceUnavailable,
        ["Report.PrintTimedOut"] = StatusCodes.Status503ServiceUnavailable,
        ["Pass.NameInvalid"] = StatusCodes.Status400BadRequest,
        ["Pass.VehicleTypesMissing"] = StatusCodes.Status400BadRequest,
        ["Pass.PeriodUnknown"] = StatusCodes.Status400BadRequest,
        ["Pass.PriceInvalid"] = StatusCodes.Status400BadRequest,
        ["Pass.MaxPlatesOutOfRange"] = StatusCodes.Status400BadRequest,
        ["Pass.WindowDayOutOfRange"] = StatusCodes.Status400BadRequest,
        ["Pass.MaxPassesOutOfRange"] = StatusCodes.Status400BadRequest,
        ["Pass.PlateMissing"] = StatusCodes.Status400BadRequest,
        ["Pass.PlateTwice"] = StatusCodes.Status400BadRequest,
        ["Pass.TooManyPlates"] = StatusCodes.Status400BadRequest,
        ["Pass.EndBeforeStart"] = StatusCodes.Status400BadRequest,
        ["Pass.StartImplausible"] = StatusCodes.Status400BadRequest,
        ["Pass.TooLong"] = StatusCodes.Status400BadRequest,
        ["Pass.DayInvalid"] = StatusCodes.Status400BadRequest,
        ["Pass.ProductNotFound"] = StatusCodes.Status404NotFound,
        ["Pass.PlateNotOwn"] = StatusCodes.Status403Forbidden,
        ["Pass.NameTaken"] = StatusCodes.Status409Conflict,
        ["Pass.Overlaps"] = StatusCodes.Status409Conflict,
        ["Pass.SoldOut"] = StatusCodes.Status409Conflict,
        ["Pass.ProductWithdrawn"] = StatusCodes.Status409Conflict,
        ["Pass.OutsideBuyingWindow"] = StatusCodes.Status409Conflict,
        ["Pass.NotSoldOnline"] = StatusCodes.Status409Conflict,
        ["Pass.TypeNotCovered"] = StatusCodes.Status409Conflict,
        ["Coupon.IssuerNameInvalid"] = StatusCodes.Status400BadRequest,
        ["Coupon.IssuerKindUnknown"] = StatusCodes.Status400BadRequest,
        ["Coupon.IssuerNameTaken"] = StatusCodes.Status409Conflict,
        ["Coupon.IssuerNotFound"] = StatusCodes.Status404NotFound,
        ["Coupon.IssuerClosed"] = StatusCodes.Status409Conflict,
        ["Coupon.NameInvalid"] = StatusCodes.Status400BadRequest,
        ["Coupon.DiscountUnknown"] = StatusCodes.Status400BadRequest,
        ["Coupon.ValueOutOfRange"] = StatusCodes.Status400BadRequest,
        ["Coupon.ValidityEndsBeforeStart"] = StatusCodes.Status400BadRequest,
        ["Coupon.TotalCountOutOfRange"] = StatusCodes.Status400BadRequest,
        ["Coupon.PerPlatePerDayOutOfRange"] = StatusCodes.Status400BadRequest,
        ["Coupon.NameTaken"] = StatusCodes.Status409Conflict,
        ["Coupon.KindNotFound"] = StatusCodes.Status404NotFound,
        ["Coupon.Withdrawn"] = StatusCodes.Status409Conflict,
        ["Coupon.NotYetValid"] = StatusCodes.Status409Conflict,
        ["Coupon.Expired"] = StatusCodes.Status409Conflict,
        ["Coupon.Exhausted"] = StatusCodes.Status409Conflict,
        ["Coupon.PlateDailyLimit"] = StatusCodes.Status409Conflict,
        ["Coupon.CodeUsed"] = StatusCodes.Status409Conflict,
        ["Coupon.CodeUnknown"] = StatusCodes.Status404NotFound,
        ["Coupon.OtherIssuer"] = StatusCodes.Status403Forbidden,
        ["Coupon.StayNotOpen"] = StatusCodes.Status409Conflict,
        ["Coupon.OnePerStay"] = StatusCodes.Status409Conflict,
        ["Coupon.TooManyOnStay"] = StatusCodes.Status409Conflict,
        ["Coupon.NoCarInside"] = StatusCodes.Status404NotFound,
        ["Coupon.CodeOrKindMissing"] = StatusCodes.Status400BadRequest,
        ["Coupon.DayInvalid"] = StatusCodes.Status400BadRequest,
        ["Coupon.FormatUnknown"] = StatusCodes.Status400BadRequest,
        ["VisitorPass.LimitOutOfRange"] = StatusCodes.Status400BadRequest,
        ["VisitorPass.EndBeforeStart"] = StatusCodes.Status400BadRequest,
        ["VisitorPass.StartInThePast"] = StatusCodes.Status400BadRequest,
        ["VisitorPass.EndInThePast"] = StatusCodes.Status400BadRequest,
        ["VisitorPass.StartTooFar"] = StatusCodes.Status400BadRequest,
        ["VisitorPass.TimeInvalid"] = StatusCodes.Status400BadRequest,
        ["VisitorPass.EntriesUnknown"] = StatusCodes.Status400BadRequest,
        ["VisitorPass.PayerUnknown"] = StatusCodes.Status400BadRequest,
        ["VisitorPass.PlateAndAnyPlate"] = StatusCodes.Status400BadRequest,
        ["VisitorPass.NotFound"] = StatusCodes.Status404NotFound,
        ["VisitorPass.WindowTooLong"] = StatusCodes.Status409Conflict,
        ["VisitorPass.MonthlyCountReached"] = StatusCodes.Status409Conflict,
        ["VisitorPass.OwnerCannotPay"] = StatusCodes.Status409Conflict,
        ["VisitorPass.AlreadyOver"] = StatusCodes.Status409Conflict,
        ["VisitorPass.NotUsable"] = StatusCodes.Status409Conflict,
        ["VisitorPass.PlateAlreadyGiven"] = StatusCodes.Status409Conflict,
        ["VisitorPass.OtherPlate"] = StatusCodes.Status409Conflict,
        ["VisitorPass.Revoked"] = StatusCodes.Status409Conflict,
        ["VisitorPass.OutsideWindow"] = StatusCodes.Status409Conflict,
        ["VisitorPass.AlreadyUsed"] = StatusCodes.Status409Conflict,
    };

    public static IReadOnlyCollection<string> KnownCodes => Statuses.Keys;

    // Anything else is a rule the domain guards (the lot is full, the plate is inside, nothing is due): the request
    // conflicts with the state of the lot.
    public static int StatusOf(string code) => Statuses.GetValueOrDefault(code, StatusCodes.Status409Conflict);

    /// <summary>The problem's title: a sentence for the status in the request's language, or the status's own phrase.</summary>
    public static string TitleOf(int status) =>
        ErrorText.Knows($"Problem.{status}") ? ErrorText.Get($"Problem.{status}") : ReasonPhrases.GetReasonPhrase(status);

    public static ProblemHttpResult ToProblem(this ApiFailure failure) => failure.ToProblem(null);

    /// <summary>The problem of a failure; <paramref name="statusOverride"/> keeps a status the framework already chose.</summary>
    public static ProblemHttpResult ToProblem(this ApiFailure failure, int? statusOverride)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var status = statusOverride ?? StatusOf(failure.Error.Code);
        var detail = ErrorText.Describe(failure.Error);
        var fieldErrors = failure.FieldErrors
            ?? (failure.Field is null ? null : new Dictionary<string, string[]> { [failure.Field] = [detail] });
        var problem = fieldErrors is null ? new Microsoft.AspNetCore.Mvc.ProblemDetails() : new HttpValidationProblemDetails(fieldErrors);
        problem.Status = status;
        problem.Title = TitleOf(status);
        problem.Detail = detail;
        foreach (var (key, value) in failure.Extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        problem.Extensions["code"] = failure.Error.Code;
        return TypedResults.Problem(problem);
    }
}
