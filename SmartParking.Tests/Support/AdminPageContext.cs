using System.Globalization;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Billing;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.People;
using SmartParking.Infrastructure.Reports;

namespace SmartParking.Tests.Support;

/// <summary>
/// bUnit with the admin console's real services: the app's own SQLite file with demo data, on a clock the test holds
/// (Friday 2026-11-20 12:00 in Shanghai), the user signed in as the demo admin, zh-CN.
/// </summary>
public abstract class AdminPageContext : MudTestContext
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    protected AdminPageContext()
    {
        Clock = new FakeClock(new DateTimeOffset(2026, 11, 20, 4, 0, 0, TimeSpan.Zero));
        App = new ParkingAppFactory(clock: Clock);
        var app = App.Services;

        Services.AddSingleton(app.GetRequiredService<IDbContextFactory<ParkingDbContext>>());
        Services.AddSingleton(app.GetRequiredService<LotClock>());
        Services.AddSingleton(app.GetRequiredService<LotStatus>());
        Services.AddSingleton(app.GetRequiredService<FeeRuleBook>());
        Services.AddSingleton(app.GetRequiredService<FeeRuleVersions>());
        Services.AddSingleton(app.GetRequiredService<FeeRuleReplay>());
        Services.AddSingleton(app.GetRequiredService<HolidayCalendars>());
        Services.AddSingleton(app.GetRequiredService<VehicleApprovals>());
        Services.AddSingleton(app.GetRequiredService<PlateLists>());
        Services.AddSingleton(app.GetRequiredService<LaneRegistry>());
        Services.AddSingleton(app.GetRequiredService<SmartParking.Infrastructure.Devices.CameraDesk>());
        Services.AddSingleton(app.GetRequiredService<BoothLog>());
        Services.AddSingleton(app.GetRequiredService<AdminDashboard>());
        Services.AddSingleton(app.GetRequiredService<SmartParking.Infrastructure.Payments.MoneyOverview>());
        Services.AddSingleton(app.GetRequiredService<UserAccounts>());
        Services.AddSingleton(app.GetRequiredService<AccountSecurity>());
        Services.AddSingleton(app.GetRequiredService<SmartParking.Infrastructure.Lots.LotDirectory>());
        Services.AddSingleton(app.GetRequiredService<SmartParking.Infrastructure.Lots.LotSetup>());
        AddAuthorization().SetAuthorized("admin").SetRoles("Admin");
        // The layout hands every page the lot it works in; here the demo community, as for the demo admin's first login.
        Lot = App.Community;
        InLot(Lot);
        UseCulture("zh-CN");
    }

    protected FakeClock Clock { get; }

    protected SmartParking.Domain.Lots.Lot Lot { get; }

    /// <summary>Renders the page the way the layout does: with the host MudBlazor's selects and menus open their lists in.</summary>
    protected IRenderedComponent<TPage> RenderPage<TPage>(Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        Render<MudPopoverProvider>();
        return parameters is null ? Render<TPage>() : Render<TPage>(parameters);
    }

    protected ParkingAppFactory App { get; }

    protected GateKeeper Gate => App.Services.GetRequiredService<GateKeeper>();

    protected LotClock LotClock => App.Services.GetRequiredService<LotClock>();

    protected static void UseCulture(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);

    /// <summary>A visitor's stay through the real gate, times lot-local.</summary>
    protected async Task<SmartParking.Domain.Gate.ParkingSession> StayAsync(string plate, DateTime entryLocal, DateTime exitLocal, SmartParking.Domain.Billing.VehicleType? type = null)
    {
        var entered = await Gate.EnterAsync(new EntryRequest(Lot.Id, PlateNumber.Parse(plate), LotClock.ToUtc(entryLocal), type, "test"));
        Assert.NotNull(entered.Session);
        var exited = await Gate.ExitAsync(new ExitRequest(Lot.Id, PlateNumber.Parse(plate), LotClock.ToUtc(exitLocal), "test"));
        return exited.Session!;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        await App.DisposeAsync();
    }
}
