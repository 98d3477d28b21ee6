namespace SmartParking.Domain.Billing;

public enum VehicleType
{
    Small,
    Truck,
}

public static class VehicleTypes
{
    // Cameras and the legacy front end send Chinese names; admins type English ones.
    public static bool TryParse(string? text, out VehicleType type)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "小车" or "small":
                type = VehicleType.Small;
                return true;
            case "货车" or "truck":
                type = VehicleType.Truck;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>The name the legacy API answers with: 小车 / 货车, as the seed's front end shows them.</summary>
    public static string Name(VehicleType type) => type == VehicleType.Truck ? "货车" : "小车";
}
