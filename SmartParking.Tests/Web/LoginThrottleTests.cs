using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>
/// Wrong passwords slow the address that sends them with growing waits instead of locking the account, so a stranger
/// cannot keep the real admin out. Over real sockets, each caller with its own address as the proxy reports it.
/// </summary>
public sealed class LoginThrottleTests
{
    private const string Attacker = "198.51.100.7";
    private const string RealAdmin = "203.0.113.5";

    [Fact]
    public async Task WrongPasswords_FromOneAddress_MakeThatAddressWait_WhileTheAdminSignsInFromAnother()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        using var app = new ParkingAppFactory(clock: clock);
        var baseUrl = app.StartOnKestrel();
        using var attacker = new FormBrowser(baseUrl, Attacker);
        using var admin = new FormBrowser(baseUrl, RealAdmin);

        var wrong = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            wrong.Add((await TokenAsync(attacker, "admin", $"guess-{attempt}")).StatusCode);
        }

        var waiting = await TokenAsync(attacker, "admin", "Admin123!");
        var fromTheAdmin = await TokenAsync(admin, "admin", "Admin123!");

        Assert.All(wrong, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.Equal("Auth.TooManyAttempts", (await ProblemAsync(waiting)).GetProperty("code").GetString());
        Assert.Equal("1", waiting.Headers.RetryAfter!.ToString());
        Assert.Equal(HttpStatusCode.OK, fromTheAdmin.StatusCode);

        // The wait grows with each further wrong password: 1 s, then 2 s, then 4 s.
        clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(attacker, "admin", "guess-6")).StatusCode);
        var longer = await TokenAsync(attacker, "admin", "guess-7");
        Assert.Equal("2", longer.Headers.RetryAfter!.ToString());
        clock.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(attacker, "admin", "guess-8")).StatusCode);
        Assert.Equal("4", (await TokenAsync(attacker, "admin", "guess-9")).Headers.RetryAfter!.ToString());
    }

    [Fact]
    public async Task ManyAddresses_GuessingOneAccount_SlowItOnlyBriefly()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        using var app = new ParkingAppFactory(clock: clock);
        var baseUrl = app.StartOnKestrel();
        for (var bot = 0; bot < 20; bot++)
        {
            using var caller = new FormBrowser(baseUrl, $"198.51.100.{bot + 10}");
            await TokenAsync(caller, "admin", $"guess-{bot}");
        }

        using var admin = new FormBrowser(baseUrl, RealAdmin);
        var slowed = await TokenAsync(admin, "admin", "Admin123!");
        clock.Advance(TimeSpan.FromSeconds(30));
        var through = await TokenAsync(admin, "admin", "Admin123!");

        Assert.Equal(HttpStatusCode.TooManyRequests, slowed.StatusCode);
        Assert.True(int.Parse(slowed.Headers.RetryAfter!.ToString()) <= 30);
        Assert.Equal(HttpStatusCode.OK, through.StatusCode);
    }

    [Fact]
    public async Task SixtyFormPosts_InABurst_AreThrottled_AndDoNotLockTheRealAdminOut()
    {
        // The account's waits do not run out while the burst goes on; the address allowance is per real minute.
        using var app = new ParkingAppFactory(new Dictionary<string, string?> { ["RateLimits:LoginPerMinute"] = "30" }, clock: new FakeClock(DateTimeOffset.UtcNow));
        var baseUrl = app.StartOnKestrel();
        using var attacker = new FormBrowser(baseUrl, Attacker);
        var signedIn = 0;
        var turnedAway = 0;
        var toldToWait = 0;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var answer = await attacker.LogInAsync("admin", $"guess-{attempt}");
            var page = await answer.Content.ReadAsStringAsync();
            signedIn += attacker.Cookies.ContainsKey("SmartParking.Auth") ? 1 : 0;
            turnedAway += answer.StatusCode == HttpStatusCode.SeeOther && answer.Headers.Location!.OriginalString.StartsWith("/account/login?wait=", StringComparison.Ordinal) ? 1 : 0;
            toldToWait += page.Contains("尝试次数过多", StringComparison.Ordinal) ? 1 : 0;
        }

        using var admin = new FormBrowser(baseUrl, RealAdmin);
        var real = await admin.LogInAsync("admin", "Admin123!");
        var waitPage = await (await attacker.GetAsync("/account/login?wait=42")).Content.ReadAsStringAsync();

        Assert.Equal(0, signedIn);
        Assert.Equal(30, turnedAway); // the address's allowance per minute, the rest turned away before any hashing
        Assert.Equal(25, toldToWait); // after five free mistakes the account waits for this address
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.True(admin.Cookies.ContainsKey("SmartParking.Auth"));
        Assert.Contains("请 42 秒后再试", waitPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownName_CostsTheSamePasswordHash_AsAKnownOne()
    {
        var hashes = new CountingHasher();
        using var app = new HasherAppFactory(hashes);
        using var client = app.CreateClient();

        await client.PostAsync("/api/auth/token", Json("""{"username":"guard","password":"wrong-password"}"""));
        var known = hashes.Verified;
        await client.PostAsync("/api/auth/token", Json("""{"username":"nobody-here","password":"wrong-password"}"""));

        Assert.Equal(1, known);
        Assert.Equal(2, hashes.Verified);
    }

    private static Task<HttpResponseMessage> TokenAsync(FormBrowser caller, string userName, string password) =>
        caller.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = Json(JsonSerializer.Serialize(new { username = userName, password })) });

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private sealed class CountingHasher : IPasswordHasher<ParkingUser>
    {
        private readonly PasswordHasher<ParkingUser> _real = new();
        private int _verified;

        public int Verified => _verified;

        public string HashPassword(ParkingUser user, string password) => _real.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ParkingUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verified);
            return _real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private sealed class HasherAppFactory(CountingHasher hasher) : ParkingAppFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IPasswordHasher<ParkingUser>>(hasher));
        }
    }
}
