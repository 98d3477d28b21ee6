using Microsoft.AspNetCore.Identity;

using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.People;

/// <summary>A login of the car park's web app: admin, guard, finance, merchant or owner.</summary>
public sealed class ParkingUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>A group admin works in every lot of the installation; everyone else in the lots assigned to them.</summary>
    public bool AllLots { get; set; }

    /// <summary>A merchant's login gives the coupons of this one issuer and sees nothing of any other.</summary>
    public Guid? CouponIssuerId { get; set; }
}
