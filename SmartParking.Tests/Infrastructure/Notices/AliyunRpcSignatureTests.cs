using SmartParking.Infrastructure.Notices;

namespace SmartParking.Tests.Infrastructure.Notices;

public sealed class AliyunRpcSignatureTests
{
    [Fact]
    public void Sign_TheExampleInAliyunsDocumentation_GivesTheDocumentedSignature()
    {
        // Aliyun's signature guide: DescribeRegions with AccessKeyId testid, secret testsecret.
        var parameters = new Dictionary<string, string>
        {
            ["Timestamp"] = "2016-02-23T12:46:24Z",
            ["Format"] = "XML",
            ["AccessKeyId"] = "testid",
            ["Action"] = "DescribeRegions",
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
            ["Version"] = "2014-05-26",
            ["SignatureVersion"] = "1.0",
        };

        Assert.Equal("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", AliyunRpcSignature.Sign(parameters, "testsecret"));
    }

    [Theory]
    [InlineData("AZaz09-_.~", "AZaz09-_.~")]
    [InlineData("a b", "a%20b")]
    [InlineData("a*b", "a%2Ab")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("2016-02-23T12:46:24Z", "2016-02-23T12%3A46%3A24Z")]
    [InlineData("/", "%2F")]
    [InlineData("!'()", "%21%27%28%29")]
    [InlineData("{\"plate\":\"京A\"}", "%7B%22plate%22%3A%22%E4%BA%ACA%22%7D")]
    public void PercentEncode_FollowsAliyunsRules(string value, string expected) =>
        Assert.Equal(expected, AliyunRpcSignature.PercentEncode(value));

    [Fact]
    public void SendSmsQuery_WithAFixedNonceAndTime_CarriesTheKnownSignature()
    {
        var settings = new AliyunSmsSettings { AccessKeyId = "testid", AccessKeySecret = "testsecret", SignName = "阳光花园" };
        var parameters = new Dictionary<string, string> { ["plate"] = "京A12345", ["hours"] = "3" };

        var query = AliyunSmsSender.SignedQuery(
            settings, "13800138000", "SMS_123456", parameters, new DateTimeOffset(2026, 11, 22, 9, 2, 3, TimeSpan.FromHours(8)), "0f1e2d3c4b5a69788796a5b4c3d2e1f0");

        // Computed outside .NET (Python's hmac over the same spec) from these parameters.
        Assert.EndsWith("&Signature=8gTSsAbqoN2eWQ%2FHW3SfQDbdYBg%3D", query);
        Assert.StartsWith("AccessKeyId=testid&Action=SendSms&Format=JSON&PhoneNumbers=13800138000&RegionId=cn-hangzhou&SignName=%E9%98%B3%E5%85%89%E8%8A%B1%E5%9B%AD&SignatureMethod=HMAC-SHA1&SignatureNonce=0f1e2d3c4b5a69788796a5b4c3d2e1f0&SignatureVersion=1.0&TemplateCode=SMS_123456&TemplateParam=", query);
        Assert.Contains("&Timestamp=2026-11-22T01%3A02%3A03Z&Version=2017-05-25&", query);
    }
}
