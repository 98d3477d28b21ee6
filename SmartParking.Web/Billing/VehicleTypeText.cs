using Microsoft.Extensions.Localization;
using SmartParking.Domain.Billing;

namespace SmartParking.Web.Billing;

public static class VehicleTypeText
{
    /// <summary>A known kind in the reader's language; a kind an admin added by the name the admin gave it.</summary>
    public static string Name(IStringLocalizer text, VehicleType type)
    {
        var known = text["VehicleType_" + type.Code];
        return known.ResourceNotFound ? type.Code : known.Value;
    }
}
