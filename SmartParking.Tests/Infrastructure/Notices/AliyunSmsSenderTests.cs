using System.Text.Json;
using SmartParking.Domain.Notices;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure.Notices;

public sealed class AliyunSmsSenderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 1, 2, 3, TimeSpan.Zero);

    private readonly FakeNoticeProviders _aliyun = new();

    private static NoticeMessage Overstay(string mobile = "13800138000") =>
        new(mobile, NoticeTemplates.Overstay, new Dictionary<string, string> { ["plate"] = "京A12345", ["hours"] = "26" });

    public Task InitializeAsync() => _aliyun.InitializeAsync();

    public Task DisposeAsync() => _aliyun.DisposeAsync();

    [Fact]
    public async Task Send_SignsAndShapesTheRequest_AndReturnsTheBizId()
    {
        using var host = new NoticeChannelHost(NoticeChannelHost.Sms(_aliyun.BaseUrl), new FakeClock(Now));

        var delivery = await host.Sender(NoticeChannel.Sms).SendAsync(Overstay("+86 138-0013-8000"), CancellationToken.None);

        Assert.True(delivery.IsSent, delivery.Error);
        Assert.Equal("biz-1^0", delivery.ProviderMessageId);
        var request = Assert.Single(_aliyun.SmsRequests);
        Assert.Equal(FakeNoticeProviders.AccessKeyId, request["AccessKeyId"]);
        Assert.Equal("cn-hangzhou", request["RegionId"]);
        Assert.Equal("2026-11-22T01:02:03Z", request["Timestamp"]);
        Assert.Equal("13800138000", request["PhoneNumbers"]);
        Assert.Equal("阳光花园", request["SignName"]);
        Assert.Equal("SMS_123456", request["TemplateCode"]);
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(request["TemplateParam"]);
        Assert.Equal(new Dictionary<string, string> { ["plate"] = "京A12345", ["hours"] = "26" }, values);
        Assert.Equal(FakeNoticeProviders.ExpectedSignature(request, FakeNoticeProviders.AccessKeySecret), request["Signature"]);
    }

    [Fact]
    public async Task Send_TwiceInTheSameSecond_UsesAFreshNonceEachTime()
    {
        using var host = new NoticeChannelHost(NoticeChannelHost.Sms(_aliyun.BaseUrl), new FakeClock(Now));
        var sender = host.Sender(NoticeChannel.Sms);

        var first = await sender.SendAsync(Overstay(), CancellationToken.None);
        var second = await sender.SendAsync(Overstay(), CancellationToken.None);

        Assert.True(first.IsSent, first.Error);
        Assert.True(second.IsSent, second.Error);
        Assert.Equal(2, _aliyun.SmsRequests.Select(r => r["SignatureNonce"]).Distinct().Count());
    }

    [Fact]
    public async Task Send_SignedWithTheWrongSecret_IsRejectedByTheProvider_NotRetryable()
    {
        var settings = NoticeChannelHost.Sms(_aliyun.BaseUrl);
        settings["Notices:Sms:AccessKeySecret"] = "not-the-secret";
        using var host = new NoticeChannelHost(settings);

        var delivery = await host.Sender(NoticeChannel.Sms).SendAsync(Overstay(), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.False(delivery.Retryable);
        Assert.Contains("SignatureDoesNotMatch", delivery.Error);
    }

    [Theory]
    [InlineData("isv.SMS_TEMPLATE_ILLEGAL", "模板不合法(不存在或被拉黑)")]
    [InlineData("isv.SMS_SIGNATURE_ILLEGAL", "签名不合法(不存在或被拉黑)")]
    [InlineData("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")]
    public async Task Send_WhenAliyunRejectsTheMessage_FailsNotRetryable(string code, string message)
    {
        _aliyun.SmsReplies.Enqueue(FakeReply.Json(new { RequestId = "r", Code = code, Message = message }));
        using var host = new NoticeChannelHost(NoticeChannelHost.Sms(_aliyun.BaseUrl));

        var delivery = await host.Sender(NoticeChannel.Sms).SendAsync(Overstay(), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.False(delivery.Retryable);
        Assert.Contains(code, delivery.Error);
        Assert.Contains(message, delivery.Error);
    }

    [Theory]
    [InlineData(400, "Throttling.User")]
    [InlineData(200, "isp.SYSTEM_ERROR")]
    [InlineData(200, "isv.BUSINESS_LIMIT_CONTROL")]
    public async Task Send_WhenThrottledOrAliyunFails_FailsRetryable(int status, string code)
    {
        _aliyun.SmsReplies.Enqueue(FakeReply.Json(new { RequestId = "r", Code = code, Message = "try later" }, status));
        using var host = new NoticeChannelHost(NoticeChannelHost.Sms(_aliyun.BaseUrl));

        var delivery = await host.Sender(NoticeChannel.Sms).SendAsync(Overstay(), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.True(delivery.Retryable);
        Assert.Contains(code, delivery.Error);
    }

    [Theory]
    [InlineData(500, "{\"Code\":\"InternalError\",\"Message\":\"The request processing has failed due to some unknown error.\"}")]
    [InlineData(503, "<html>Service Unavailable</html>")]
    public async Task Send_OnAServerError_FailsRetryable(int status, string body)
    {
        _aliyun.SmsReplies.Enqueue(new FakeReply(status, body));
        using var host = new NoticeChannelHost(NoticeChannelHost.Sms(_aliyun.BaseUrl));

        var delivery = await host.Sender(NoticeChannel.Sms).SendAsync(Overstay(), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.True(delivery.Retryable);
    }

    [Fact]
    public async Task Send_WhenAliyunIsSlowerThanTheTimeout_FailsRetryable()
    {
        _aliyun.SmsReplies.Enqueue(FakeReply.Slow(TimeSpan.FromSeconds(20)));
        using var host = new NoticeChannelHost(NoticeChannelHost.Sms(_aliyun.BaseUrl, timeoutSeconds: 1));

        // The guard only keeps a broken timeout from hanging the suite; the 1-second client timeout is what returns.
        var delivery = await host.Sender(NoticeChannel.Sms).SendAsync(Overstay(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(delivery.IsSent);
        Assert.True(delivery.Retryable);
        Assert.Contains("did not answer within 1 s", delivery.Error);
    }

    [Fact]
    public async Task Send_ToAnAddressNobodyListensOn_FailsRetryable()
    {
        using var host = new NoticeChannelHost(NoticeChannelHost.Sms(DeadPort.Url()));

        var delivery = await host.Sender(NoticeChannel.Sms).SendAsync(Overstay(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(delivery.IsSent);
        Assert.True(delivery.Retryable);
        Assert.Contains("could not be reached", delivery.Error);
    }

    [Fact]
    public async Task Send_ANoticeWithNoTemplateMapped_FailsNotRetryable_WithoutCallingAliyun()
    {
        using var host = new NoticeChannelHost(NoticeChannelHost.Sms(_aliyun.BaseUrl));
        var arrears = new NoticeMessage("13800138000", NoticeTemplates.Arrears, new Dictionary<string, string> { ["amount"] = "12.50" });

        var delivery = await host.Sender(NoticeChannel.Sms).SendAsync(arrears, CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.False(delivery.Retryable);
        Assert.Contains("Notices:Sms:Templates:Arrears", delivery.Error);
        Assert.Empty(_aliyun.SmsRequests);
    }

    [Fact]
    public async Task Send_ToSomethingThatIsNotAMobileNumber_FailsNotRetryable_WithoutCallingAliyun()
    {
        using var host = new NoticeChannelHost(NoticeChannelHost.Sms(_aliyun.BaseUrl));

        var delivery = await host.Sender(NoticeChannel.Sms).SendAsync(Overstay("12345"), CancellationToken.None);

        Assert.False(delivery.IsSent);
        Assert.False(delivery.Retryable);
        Assert.Contains("11", delivery.Error);
        Assert.Empty(_aliyun.SmsRequests);
    }
}
