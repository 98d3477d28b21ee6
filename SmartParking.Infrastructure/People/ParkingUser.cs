using Microsoft.AspNetCore.Identity;

namespace SmartParking.Infrastructure.People;

/// <summary>A login of the car park's web app: admin, guard or owner.</summary>
public sealed class ParkingUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Set for owner accounts; links the login to the owner's record.</summary>
    public Guid? OwnerId { get; set; }
}
