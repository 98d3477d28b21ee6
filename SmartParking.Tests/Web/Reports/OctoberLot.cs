using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Billing;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Billing;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Reports;

/// <summary>
/// The app with October 2023 driven through the real gate API, seen from 2023-11-15 10:00 in Shanghai. Owners pay
/// under a second version of the owner rule (published 2023-09-30), so two of them end October in arrears.
/// One app (and one Chromium) per test class.
/// </summary>
public sealed class OctoberLot : IAsyncLifetime
{
    public const string LotName = "阳光花园小区";

    /// <summary>Visitors ¥265 over 8 stays, owners ¥28 over 4 stays that left in October.</summary>
    public const decimal OctoberIncome = 293m;
    public const int OctoberStays = 12;

    public FakeClock Clock { get; } = new(new DateTimeOffset(2023, 9, 30, 2, 0, 0, TimeSpan.Zero));

    public ParkingAppFactory App { get; }

    public OctoberLot() => App = new ParkingAppFactory(clock: Clock);

    public async Task InitializeAsync()
    {
        using var _ = App.CreateClient();
        await PublishOwnerRuleAsync();
        await AddOwnerAsync("李四", "310115199003072549", "13912345678", "粤B12345", 5m);
        await AddOwnerAsync("王五", "11010519491231002X", "13812345678", "沪C54321", 0m);
        Clock.Set(new DateTimeOffset(2023, 11, 15, 2, 0, 0, TimeSpan.Zero));

        using var camera = App.DeviceClient();
        await StayAsync(camera, "NU100007", "2023-09-30T22:00:00", "2023-10-01T06:00:00"); // entered in September: ¥50 (cap)
        await StayAsync(camera, "NU100001", "2023-10-01T09:00:00", "2023-10-01T10:00:00"); // ¥10
        await StayAsync(camera, "NU100002", "2023-10-01T23:30:00", "2023-10-02T01:10:00"); // ¥15, booked on the 2nd
        await StayAsync(camera, "NU100003", "2023-10-05T08:00:00", "2023-10-07T08:30:00"); // two capped days + ¥5 = ¥105
        await StayAsync(camera, "NU100004", "2023-10-09T09:00:00", "2023-10-09T10:16:00", "货车"); // seed 003: ¥20
        await StayAsync(camera, "NU100010", "2023-10-09T09:30:00", "2023-10-09T11:00:00"); // ¥15
        await StayAsync(camera, "粤B12345", "2023-10-09T09:45:00", "2023-10-09T12:00:00"); // owner ¥4; three cars inside at 09:45
        await StayAsync(camera, "NU100005", "2023-10-13T20:00:00", "2023-10-14T08:30:00"); // seed 003: ¥50
        await StayAsync(camera, "粤B12345", "2023-10-15T08:00:00", "2023-10-16T08:00:00"); // owner, capped ¥10 → balance −9
        await StayAsync(camera, "沪C54321", "2023-10-18T07:00:00", "2023-10-18T19:00:00"); // owner, capped ¥10 → balance −10
        await StayAsync(camera, "NU100006", "2023-10-20T10:00:00", "2023-10-20T10:14:00"); // free minutes: ¥0
        await StayAsync(camera, "京A12345", "2023-10-21T18:00:00", "2023-10-21T20:00:00"); // demo owner ¥4
        await Post(camera, "/api/entry", new { id = "NU100009", start_time = "2023-10-25T12:00:00" }); // still inside
        await StayAsync(camera, "NU100008", "2023-10-31T22:00:00", "2023-11-01T09:00:00"); // left in November
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    private async Task PublishOwnerRuleAsync()
    {
        var versions = App.Services.GetRequiredService<FeeRuleVersions>();
        var current = (await versions.AllAsync(App.Community.Id)).First(r => r.VehicleType == VehicleType.Small && r.CustomerClass == CustomerClass.Owner);
        var draft = new FeeRuleDraft(VehicleType.Small, CustomerClass.Owner, 30, 60, 2m, 10m, true, null, []);
        await versions.PublishAsync(App.Community.Id, draft, current.Version, "admin", "业主停车收费");
    }

    private async Task AddOwnerAsync(string name, string idNumber, string mobile, string plate, decimal balance)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var owner = Owner.Register(App.Community.Id, name, ChineseIdNumber.Parse(idNumber), MobileNumber.Parse(mobile), now);
        owner.AddVehicle(PlateNumber.Parse(plate), VehicleType.Small, now, approved: true);
        if (balance > 0)
        {
            owner.TopUp(balance, now);
        }

        await App.WithDbAsync(async db =>
        {
            db.Owners.Add(owner);
            return await db.SaveChangesAsync();
        });
    }

    private static async Task StayAsync(HttpClient camera, string plate, string entry, string exit, string? type = null)
    {
        await Post(camera, "/api/entry", type is null ? (object)new { id = plate, start_time = entry } : new { id = plate, start_time = entry, vehicle_type = type });
        await Post(camera, "/api/exit", new { id = plate, start_time = exit });
    }

    private static async Task Post(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path} {await response.Content.ReadAsStringAsync()}");
    }
}
