using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;

namespace SmartParking.Web.Payments;

/// <summary>The visitor's pay page for one plate: what an exit lane's display shows as a QR while the barrier waits.</summary>
public static class PayLinks
{
    public static string For(HttpRequest request, Lot lot, string plate) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/pay/{Uri.EscapeDataString(lot.Code)}?plate={Uri.EscapeDataString(plate)}";

    // The visitor's phone keeps the plate it paid or took a coupon for, so a shop's coupon page opens with it filled in.
    private const string PlateCookie = "sp-plate";

    /// <summary>Keeps <paramref name="plate"/> on the visitor's phone for a day (its own browser only; never read by the server for anything else).</summary>
    public static void RememberPlate(HttpContext context, string plate)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.Cookies.Append(PlateCookie, plate, new CookieOptions
            {
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(1),
            });
        }
    }

    /// <summary>The plate this phone last paid or took a coupon for, if any.</summary>
    public static string? RememberedPlate(HttpContext context) =>
        context.Request.Cookies.TryGetValue(PlateCookie, out var plate) && !string.IsNullOrWhiteSpace(plate) ? plate : null;

    /// <summary>The fields an exit answer adds while a fee is due: the amount and where to pay it.</summary>
    public static void AddTo(Dictionary<string, object?> response, HttpRequest request, Lot lot, ParkingSession? stay)
    {
        if (stay is { Due: > 0m })
        {
            response["due"] = stay.Due;
            response["pay_url"] = For(request, lot, stay.Plate.Value);
        }
    }
}
