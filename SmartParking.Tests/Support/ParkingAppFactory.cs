using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

using SmartParking.Domain.Lots;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Tests.Support;

/// <summary>The whole app over real HTTP on its own SQLite file, with the demo data seeded.</summary>
public class ParkingAppFactory : WebApplicationFactory<Program>
{
    private readonly TempFolder _data = new();
    private readonly Dictionary<string, string?> _settings;

    public ParkingAppFactory(IDictionary<string, string?>? settings = null, string environment = "Development", TimeProvider? clock = null)
    {
        Clock = clock;
        Environment = environment;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = _data.Path,
            ["Demo:Enabled"] = "true",
            // Tests count every stay they make; the invented history is tested on its own.
            ["Demo:History"] = "false",
            ["RateLimits:LoginPerMinute"] = "1000",
            // No Hangfire server unless a test needs runs: schedules are still registered and work still enqueued.
            ["Jobs:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string Environment { get; }

    /// <summary>When set, the app runs on this clock instead of the system's.</summary>
    public TimeProvider? Clock { get; }

    public string DataPath => _data.Path;

    /// <summary>The demo community 阳光花园小区, where <c>guard</c> and <c>owner</c> are.</summary>
    public Lot Community => LotOf(DatabaseStartup.DemoCommunity);

    /// <summary>The demo shopping-centre lot 翠湖商业广场, where <c>guard2</c> is.</summary>
    public Lot Commercial => LotOf(DatabaseStartup.DemoCommercial);

    public Lot LotOf(string code) =>
        Services.GetRequiredService<LotDirectory>().FindAsync(code).GetAwaiter().GetResult() ?? throw new InvalidOperationException($"no lot {code}");

    /// <summary>Changes a setting before the app starts (for a setting that names a port only known at run time).</summary>
    public void Set(string key, string? value) => _settings[key] = value;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (Clock is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(Clock));
        }
    }

    /// <summary>Starts the app on a real Kestrel port (real sockets, real headers) and answers its base address.</summary>
    public string StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        return Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public async Task<string> TokenAsync(string userName, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = userName, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>();
        return body!["access_token"].GetString()!;
    }

    public async Task<HttpClient> ClientForAsync(string userName, string password)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName, password));
        return client;
    }

    public Task<HttpClient> GuardClientAsync() => ClientForAsync("guard", "Guard123!");

    public Task<HttpClient> AdminClientAsync() => ClientForAsync("admin", "Admin123!");

    public Task<HttpClient> OwnerClientAsync() => ClientForAsync("owner", "Owner123!");

    public HttpClient DeviceClient(string key = "demo-device-key")
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Device-Key", key);
        return client;
    }

    public async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        await client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public async Task<T> WithDbAsync<T>(Func<ParkingDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ParkingDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>Puts a plate on the white or black list, in force since long before any test's times.</summary>
    public Task<int> ListAsync(string plate, ListKind kind, string reason) => WithDbAsync(db =>
    {
        db.ListedPlates.Add(ListedPlate.Add(Community.Id, PlateNumber.Parse(plate), kind, reason, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), null));
        return db.SaveChangesAsync();
    });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _data.Dispose();
        }
    }
}
