using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Notices;
using SmartParking.Infrastructure.Notices;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure.Notices;

public sealed class NoticeSenderRegistrationTests : IAsyncLifetime
{
    private readonly FakeNoticeProviders _providers = new();

    public Task InitializeAsync() => _providers.InitializeAsync();

    public Task DisposeAsync() => _providers.DisposeAsync();

    [Fact]
    public void ByDefault_NoOutsideChannelIsRegistered()
    {
        using var host = new NoticeChannelHost(new Dictionary<string, string?>());

        Assert.Empty(host.Services.GetServices<INoticeSender>());
        var sms = host.Services.GetRequiredService<IOptions<AliyunSmsSettings>>().Value;
        Assert.Equal("https://dysmsapi.aliyuncs.com", sms.Endpoint);
        Assert.Equal("cn-hangzhou", sms.RegionId);
        Assert.Equal(10, sms.TimeoutSeconds);
        Assert.Equal("https://api.weixin.qq.com", host.Services.GetRequiredService<IOptions<WeChatTemplateSettings>>().Value.Endpoint);
    }

    [Fact]
    public void EnabledChannels_AreRegisteredAsNoticeSenders()
    {
        var settings = NoticeChannelHost.Sms(_providers.BaseUrl);
        foreach (var (key, value) in NoticeChannelHost.WeChat(_providers.BaseUrl))
        {
            settings[key] = value;
        }

        using var host = new NoticeChannelHost(settings);

        Assert.Equal([NoticeChannel.Sms, NoticeChannel.WeChat], host.Services.GetServices<INoticeSender>().Select(s => s.Channel).Order());
    }

    [Fact]
    public void AnEnabledChannelWithoutCredentials_FailsValidation_NamingWhatIsMissing()
    {
        using var host = new NoticeChannelHost(new Dictionary<string, string?> { ["Notices:Sms:Enabled"] = "true", ["Notices:Sms:TimeoutSeconds"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<AliyunSmsSettings>>().Value);

        Assert.Contains("AccessKeyId is required", error.Message);
        Assert.Contains("AccessKeySecret is required", error.Message);
        Assert.Contains("SignName is required", error.Message);
        Assert.Contains("TimeoutSeconds must be 1 to 300", error.Message);
    }

    [Fact]
    public async Task TheApp_WithSmsSwitchedOn_SendsThroughTheSmsSender()
    {
        using var app = new ParkingAppFactory(NoticeChannelHost.Sms(_providers.BaseUrl));
        var sender = Assert.Single(app.Services.GetServices<INoticeSender>());

        var delivery = await sender.SendAsync(
            new NoticeMessage("13800138000", NoticeTemplates.Overstay, new Dictionary<string, string> { ["plate"] = "京A12345" }), CancellationToken.None);

        Assert.Equal(NoticeChannel.Sms, sender.Channel);
        Assert.True(delivery.IsSent, delivery.Error);
    }

    [Fact]
    public void TheApp_WithWeChatSwitchedOnButNoCredentials_RefusesToStart()
    {
        using var app = new ParkingAppFactory(new Dictionary<string, string?> { ["Notices:WeChat:Enabled"] = "true" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("AppSecret is required", error.ToString());
    }

    [Fact]
    public async Task Sending_NeverLogsSecretsTokensOrRecipients()
    {
        var settings = NoticeChannelHost.Sms(_providers.BaseUrl);
        foreach (var (key, value) in NoticeChannelHost.WeChat(_providers.BaseUrl))
        {
            settings[key] = value;
        }

        _providers.SmsReplies.Enqueue(FakeReply.Json(new { Code = "isv.SMS_TEMPLATE_ILLEGAL", Message = "bad template" }));
        _providers.TemplateReplies.Enqueue(FakeReply.Json(new { errcode = 42001, errmsg = "access_token expired" }));
        _providers.TemplateReplies.Enqueue(FakeReply.Json(new { errcode = 40037, errmsg = "invalid template_id" }));
        using var host = new NoticeChannelHost(settings);
        var parameters = new Dictionary<string, string> { ["plate"] = "京A12345" };

        await host.Sender(NoticeChannel.Sms).SendAsync(new NoticeMessage("13800138000", NoticeTemplates.Overstay, parameters), CancellationToken.None);
        await host.Sender(NoticeChannel.Sms).SendAsync(new NoticeMessage("13800138000", NoticeTemplates.Overstay, parameters), CancellationToken.None);
        await host.Sender(NoticeChannel.WeChat).SendAsync(new NoticeMessage("openid-of-owner", NoticeTemplates.Overstay, parameters), CancellationToken.None);

        Assert.NotEmpty(host.Logs);
        var logs = string.Join('\n', host.Logs);
        string[] secrets = [FakeNoticeProviders.AccessKeySecret, FakeNoticeProviders.AppSecret, "token-1", "token-2", "Signature=", "13800138000", "openid-of-owner"];
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, logs));
    }
}
