using System.Net;
using System.Net.Http.Json;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class LockoutTests : IDisposable
{
    private readonly ParkingAppFactory _app = new();

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenAgainstTheRightPassword()
    {
        using var client = _app.CreateClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var wrong = await client.PostAsJsonAsync("/api/auth/token", new { username = "guard", password = $"wrong-{attempt}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var right = await client.PostAsJsonAsync("/api/auth/token", new { username = "guard", password = "Guard123!" });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("锁定", await right.Content.ReadAsStringAsync());
    }

    public void Dispose() => _app.Dispose();
}
