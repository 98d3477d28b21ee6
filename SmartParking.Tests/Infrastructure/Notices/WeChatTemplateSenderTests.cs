using SmartParking.Domain.Notices;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure.Notices;

public sealed class WeChatTemplateSenderTests : IAsyncLifetime
{
    private const string OpenId = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";

    private readonly FakeNoticeProviders _weChat = new();
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero));

    private static NoticeMessage Overstay(string openId = OpenId) =>
        new(openId, NoticeTemplates.Overstay, new Dictionary<string, string> { ["plate"] = "京A12345", ["hours"] = "26" });

    public Task InitializeAsync() => _weChat.InitializeAsync();

    public Task DisposeAsync() => _weChat.DisposeAsync();

    private NoticeChannelHost Host(int timeoutSeconds = 10) => new(NoticeChannelHost.WeChat(_weChat.BaseUrl, timeoutSeconds), _clock);

    [Fact]
    public async Task Send_PostsTheTemplateMessage_AndReturnsTheMsgId()
    {
        using var host = Host();

        var delivery = await host.Sender(NoticeChannel.WeChat).SendAsync(Overstay(), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Error);
        Assert.Equal("200228333", delivery.ProviderMessageId);
        var message = Assert.Single(_weChat.TemplateMessages);
        Assert.Equal(OpenId, message.GetProperty("touser").GetString());
        Assert.Equal("tmpl-overstay", message.GetProperty("template_id").GetString());
        var data = message.GetProperty("data");
        Assert.Equal("京A12345", data.GetProperty("car_number1").GetProperty("value").GetString());
        Assert.Equal("26", data.GetProperty("hours").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Send_ThreeTimes_FetchesTheAccessTokenOnce()
    {
        using var host = Host();
        var sender = host.Sender(NoticeChannel.WeChat);

        for (var i = 0; i < 3; i++)
        {
            var delivery = await sender.SendAsync(Overstay(), CancellationToken.None);
            Assert.True(delivery.IsSent, delivery.Error);
        }

        Assert.Equal(1, _weChat.TokenFetches);
        Assert.Equal(3, _weChat.TemplateMessages.Count);
    }

    [Fact]
    public async Task Send_ManyAtOnceWithNoToken_FetchesTheAccessTokenOnce()
    {
        using var host = Host();

        var deliveries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.Sender(NoticeChannel.WeChat).SendAsync(Overstay(), CancellationToken.None)));

        Assert.All(deliveries, d => Assert.True(d.IsSent, d.Error));
        Assert.Equal(1, _weChat.TokenFetches);
    }

    [Fact]
    public async Task Send_CloseToTheTokensExpiry_FetchesANewToken()
    {
        using var host = Host();
        var sender = host.Sender(NoticeChannel.WeChat);

        await sender.SendAsync(Overstay(), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(7200 - 600));
        await sender.SendAsync(Overstay(), CancellationToken.None);
        Assert.Equal(1, _weChat.TokenFetches);

        _clock.Advance(TimeSpan.FromSeconds(400));
        var delivery = await sender.SendAsync(Overstay(), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Error);
        Assert.Equal(2, _weChat.TokenFetches);
    }

    [Theory]
    [InlineData(40001, "invalid credential, access_token is invalid or not latest")]
    [InlineData(42001, "access_token expired")]
    public async Task Send_WhenWeChatRejectsTheCachedToken_RefreshesItOnce_AndSends(int errcode, string errmsg)
    {
        _weChat.TemplateReplies.Enqueue(FakeReply.Json(new { errcode, errmsg }));
        using var host = Host();

        var delivery = await host.Sender(NoticeChannel.WeChat).SendAsync(Overstay(), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Error);
        Assert.Equal(2, _weChat.TokenFetches);
        Assert.Equal(2, _weChat.TemplateMessages.Count);
    }

    [Fact]
    public async Task Send_WhenEvenAFreshTokenIsRejected_FailsRetryable_AfterOneRefresh()
    {
        _weChat.TemplateReplies.Enqueue(FakeReply.Json(new { errcode = 40001, errmsg = "invalid credential" }));
        _weChat.TemplateReplies.Enqueue(FakeReply.Json(new { errcode = 40001, errmsg = "invalid credential" }));
        using var host = Host();

        var delivery = await host.Sender(NoticeChannel.WeChat).SendAsync(Overstay(), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.True(delivery.Retryable);
        Assert.Equal(2, _weChat.TokenFetches);

        // The rejected token is not kept: the next notice starts with a fresh one.
        Assert.True((await host.Sender(NoticeChannel.WeChat).SendAsync(Overstay(), CancellationToken.None)).IsSent);
        Assert.Equal(3, _weChat.TokenFetches);
    }

    [Theory]
    [InlineData(40037, "invalid template_id")]
    [InlineData(43004, "require subscribe")]
    [InlineData(40003, "invalid openid")]
    public async Task Send_WhenWeChatRefusesTheMessage_FailsNotRetryable(int errcode, string errmsg)
    {
        _weChat.TemplateReplies.Enqueue(FakeReply.Json(new { errcode, errmsg }));
        using var host = Host();

        var delivery = await host.Sender(NoticeChannel.WeChat).SendAsync(Overstay(), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.False(delivery.Retryable);
        Assert.Contains($"errcode {errcode}: {errmsg}", delivery.Error);
        Assert.Equal(1, _weChat.TokenFetches);
    }

    [Fact]
    public async Task Send_WhenWeChatIsBusy_FailsRetryable()
    {
        _weChat.TemplateReplies.Enqueue(FakeReply.Json(new { errcode = -1, errmsg = "system error" }));
        using var host = Host();

        var delivery = await host.Sender(NoticeChannel.WeChat).SendAsync(Overstay(), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.True(delivery.Retryable);
    }

    [Fact]
    public async Task Send_OnAServerError_FailsRetryable()
    {
        _weChat.TemplateReplies.Enqueue(new FakeReply(502, "<html>Bad Gateway</html>"));
        using var host = Host();

        var delivery = await host.Sender(NoticeChannel.WeChat).SendAsync(Overstay(), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.True(delivery.Retryable);
        Assert.Contains("HTTP 502", delivery.Error);
    }

    [Fact]
    public async Task Send_WhenWeChatIsSlowerThanTheTimeout_FailsRetryable()
    {
        _weChat.TemplateReplies.Enqueue(FakeReply.Slow(TimeSpan.FromSeconds(20)));
        using var host = Host(timeoutSeconds: 1);

        // The guard only keeps a broken timeout from hanging the suite; the 1-second client timeout is what returns.
        var delivery = await host.Sender(NoticeChannel.WeChat).SendAsync(Overstay(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(delivery.IsSent);
        Assert.True(delivery.Retryable);
        Assert.Contains("did not answer within 1 s", delivery.Error);
    }

    [Fact]
    public async Task Send_ToAnAddressNobodyListensOn_FailsRetryable()
    {
        using var host = new NoticeChannelHost(NoticeChannelHost.WeChat(DeadPort.Url()), _clock);

        var delivery = await host.Sender(NoticeChannel.WeChat).SendAsync(Overstay(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(delivery.IsSent);
        Assert.True(delivery.Retryable);
        Assert.Contains("could not be reached", delivery.Error);
    }

    [Fact]
    public async Task Send_WithAWrongAppSecret_FailsNotRetryable()
    {
        var settings = NoticeChannelHost.WeChat(_weChat.BaseUrl);
        settings["Notices:WeChat:AppSecret"] = "not-the-secret";
        using var host = new NoticeChannelHost(settings, _clock);

        var delivery = await host.Sender(NoticeChannel.WeChat).SendAsync(Overstay(), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.False(delivery.Retryable);
        Assert.Contains("errcode 40001", delivery.Error);
        Assert.Empty(_weChat.TemplateMessages);
    }

    [Fact]
    public async Task Send_WhenTwoParametersMapToOneField_FailsNotRetryable_WithoutCallingWeChat()
    {
        var settings = NoticeChannelHost.WeChat(_weChat.BaseUrl);
        settings["Notices:WeChat:Fields:Overstay:hours"] = "car_number1";
        using var host = new NoticeChannelHost(settings, _clock);

        var delivery = await host.Sender(NoticeChannel.WeChat).SendAsync(Overstay(), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.False(delivery.Retryable);
        Assert.Contains("Notices:WeChat:Fields:Overstay", delivery.Error);
        Assert.Equal(0, _weChat.TokenFetches);
    }

    [Fact]
    public async Task Send_ANoticeWithNoTemplateMapped_FailsNotRetryable_WithoutCallingWeChat()
    {
        using var host = Host();
        var entry = new NoticeMessage(OpenId, NoticeTemplates.Entry, new Dictionary<string, string> { ["plate"] = "京A12345" });

        var delivery = await host.Sender(NoticeChannel.WeChat).SendAsync(entry, CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.False(delivery.Retryable);
        Assert.Contains("Notices:WeChat:Templates:Entry", delivery.Error);
        Assert.Equal(0, _weChat.TokenFetches);
        Assert.Empty(_weChat.TemplateMessages);
    }
}
