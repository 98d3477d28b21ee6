using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;

namespace SmartParking.Web.Payments;

/// <summary>The visitor's pay page for one plate: what an exit lane's display shows as a QR while the barrier waits.</summary>
public static class PayLinks
{
    public static string For(HttpRequest request, Lot lot, string plate) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/pay/{Uri.EscapeDataString(lot.Code)}?plate={Uri.EscapeDataString(plate)}";

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
