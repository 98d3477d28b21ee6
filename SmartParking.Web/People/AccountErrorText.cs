using Microsoft.Extensions.Localization;
using SmartParking.Infrastructure.People;

namespace SmartParking.Web.People;

public static class AccountErrorText
{
    // Identity speaks English; the common refusals have our own wording, the rest keep Identity's.
    public static string Describe(IStringLocalizer<AdminText> text, AccountError error)
    {
        var worded = text["UserError_" + error.Code];
        return worded.ResourceNotFound ? error.Description : worded.Value;
    }
}
