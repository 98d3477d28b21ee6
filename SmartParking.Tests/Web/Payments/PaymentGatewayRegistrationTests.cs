using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Payments;
using SmartParking.Tests.Infrastructure.Payments;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Payments;

public class PaymentGatewayRegistrationTests
{
    [Fact]
    public async Task WithoutMerchantSettingsAndWithoutTheSandbox_NoChannelIsOffered_AndTheSandboxDoesNotExist()
    {
        using var app = new ParkingAppFactory(new Dictionary<string, string?> { ["Payments:Sandbox:Enabled"] = "false" });

        Assert.Empty(app.Services.GetServices<IPaymentGateway>());
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sandbox/wechat/v3/bill/tradebill?bill_date=2026-12-06&bill_type=ALL")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sandbox/alipay/gateway.do?method=alipay.trade.query")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sandbox/pay/wechat/P1")).StatusCode);
        var notify = await client.PostAsync("/api/payments/wechat/notify", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, notify.StatusCode);
        Assert.Equal("FAIL", (await notify.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public void AConfiguredMerchantWithAMissingSecret_StopsTheAppAtStart_NamingTheSetting()
    {
        using var app = new ParkingAppFactory(new Dictionary<string, string?>
        {
            ["Payments:WeChat:MchId"] = PaymentTestKeys.MchId,
            ["Payments:WeChat:AppId"] = PaymentTestKeys.AppId,
            ["Payments:WeChat:MerchantSerialNo"] = "MERCHANTSERIAL01",
            ["Payments:WeChat:PrivateKey"] = PaymentTestKeys.Merchant.ExportPkcs8PrivateKeyPem(),
            ["Payments:WeChat:PublicKeyId"] = PaymentTestKeys.PublicKeyId,
            ["Payments:WeChat:PublicKey"] = PaymentTestKeys.Platform.ExportSubjectPublicKeyInfoPem(),
        }, environment: "Production");

        var failure = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("Payments:WeChat:ApiV3Key must be 32 characters", failure.ToString());
    }
}

public class PaymentSandboxCallbackRequestTests(SandboxAppFactory app) : IClassFixture<SandboxAppFactory>
{
    [Theory]
    [InlineData("/sandbox/callbacks/wechat/P1?times=0", HttpStatusCode.BadRequest)]
    [InlineData("/sandbox/callbacks/wechat/P1?times=51", HttpStatusCode.BadRequest)]
    [InlineData("/sandbox/callbacks/wechat/P1?delaySeconds=-1", HttpStatusCode.BadRequest)]
    [InlineData("/sandbox/callbacks/paypal/P1", HttpStatusCode.NotFound)]
    [InlineData("/sandbox/callbacks/wechat/NOT-PAID", HttpStatusCode.NotFound)]
    [InlineData("/sandbox/callbacks/wechat/P1?times=abc", HttpStatusCode.BadRequest)]
    [InlineData("/sandbox/callbacks/wechat/P1?atOnce=maybe", HttpStatusCode.BadRequest)]
    public async Task AResendRequestThatMakesNoSense_IsRefused_AndNothingIsSent(string path, HttpStatusCode expected)
    {
        var response = await app.CreateClient().PostAsync(path, null);

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(app.Notices.Received);
    }

    [Fact]
    public async Task TheDemoOffersBothChannels_AgainstTheSandbox()
    {
        var channels = app.Services.GetServices<IPaymentGateway>().Select(g => g.Channel).Order().ToList();

        Assert.Equal([PaymentChannel.WeChat, PaymentChannel.Alipay], channels);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/sandbox/pay/wechat/NOSUCHORDER")).StatusCode);
    }
}
