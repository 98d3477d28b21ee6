using Microsoft.AspNetCore.Identity;

namespace SmartParking.Infrastructure.People;

/// <summary>A login of the car park's web app: admin, guard or owner.</summary>
public sealed class ParkingUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
}
