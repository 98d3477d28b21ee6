using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Infrastructure.Billing;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure;

public sealed class FeeRuleVersionsTests : IDisposable
{
    private readonly ParkingAppFactory _app = new(clock: new FakeClock(new DateTimeOffset(2026, 11, 20, 4, 0, 0, TimeSpan.Zero)));

    private FeeRuleVersions Versions => _app.Services.GetRequiredService<FeeRuleVersions>();

    private FeeRuleBook Book => _app.Services.GetRequiredService<FeeRuleBook>();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Publish_OnAStaleVersion_IsRefused_AndWritesNothing()
    {
        var current = await SmallVisitorAsync();
        var draft = FeeRuleDraft.From(current) with { UnitFee = 6m };
        await Versions.PublishAsync(_app.Community.Id, draft, current.Version, "admin", "first");

        var stale = await Assert.ThrowsAsync<DomainException>(() => Versions.PublishAsync(_app.Community.Id, draft with { UnitFee = 7m }, current.Version, "admin2", "second"));

        Assert.Contains("第 2 版", ErrorWords.Chinese(stale));
        Assert.Equal(2, await _app.WithDbAsync(db => db.FeeRules.CountAsync(r => r.LotId == _app.Community.Id && r.VehicleType == VehicleType.Small && r.CustomerClass == CustomerClass.Visitor)));
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Theory]
    [InlineData(-1, 30, 5, "免费时长不能为负")]
    [InlineData(15, 0, 5, "计费单位至少 1 分钟")]
    [InlineData(15, 30, 5.555, "单价最多两位小数")]
    public async Task Publish_ABrokenDraft_ThrowsTheDomainsMessage_AndWritesNothing(int free, int unit, decimal fee, string message)
    {
        var current = await SmallVisitorAsync();
        var draft = FeeRuleDraft.From(current) with { FreeMinutes = free, UnitMinutes = unit, UnitFee = fee };

        var error = await Assert.ThrowsAsync<DomainException>(() => Versions.PublishAsync(_app.Community.Id, draft, current.Version, "admin", "test"));

        Assert.Contains(message, ErrorWords.Chinese(error));
        Assert.Equal(0, await _app.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal(4, await _app.WithDbAsync(db => db.FeeRules.CountAsync(r => r.LotId == _app.Community.Id)));
    }

    [Fact]
    public async Task Publish_WithoutAReason_IsRefused()
    {
        var current = await SmallVisitorAsync();

        await Assert.ThrowsAsync<DomainException>(() => Versions.PublishAsync(_app.Community.Id, FeeRuleDraft.From(current), current.Version, "admin", " "));

        Assert.Equal(4, await _app.WithDbAsync(db => db.FeeRules.CountAsync(r => r.LotId == _app.Community.Id)));
    }

    [Fact]
    public async Task Publish_TellsTheRuleBook_SoTheNextEntryGetsTheNewVersionAtOnce()
    {
        var current = await SmallVisitorAsync();
        Assert.Equal(1, (await Book.CurrentAsync(_app.Community.Id, VehicleType.Small, CustomerClass.Visitor))!.Version);

        var published = await Versions.PublishAsync(_app.Community.Id, FeeRuleDraft.From(current) with { FreeMinutes = 30 }, current.Version, "admin", "longer grace");

        var inForce = await Book.CurrentAsync(_app.Community.Id, VehicleType.Small, CustomerClass.Visitor);
        Assert.Equal(published.Rule.Id, inForce!.Id);
        Assert.Equal(30, inForce.FreeMinutes);
    }

    private Task<FeeRule> SmallVisitorAsync() =>
        _app.WithDbAsync(db => db.FeeRules.SingleAsync(r => r.LotId == _app.Community.Id && r.VehicleType == VehicleType.Small && r.CustomerClass == CustomerClass.Visitor));
}
