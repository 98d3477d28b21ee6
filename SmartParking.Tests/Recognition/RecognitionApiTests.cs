using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SmartParking.Domain.Recognition;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Recognition;

public sealed class RecognitionApiTests(RecognitionApiTests.App app) : IClassFixture<RecognitionApiTests.App>
{
    public sealed class App : ParkingAppFactory;

    private static MultipartFormDataContent Upload(byte[] data, string field = "image", string fileName = "photo.png", string type = "image/png")
    {
        var file = new ByteArrayContent(data);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    [Fact]
    public async Task Recognize_WithDeviceKey_ReturnsThePlateConfidenceColourAndBox()
    {
        using var client = app.DeviceClient();

        var response = await client.PostAsync("/api/recognize", Upload(TestImages.PlateScene("京A12345", PlateColor.Blue)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("京A12345", body.GetProperty("id").GetString());
        Assert.InRange(body.GetProperty("confidence").GetDouble(), 0.0, 1.0);
        Assert.Equal("blue", body.GetProperty("color").GetString());
        Assert.Equal(4, body.GetProperty("box").GetArrayLength());
    }

    [Fact]
    public async Task Recognize_WithGuardToken_IsAllowed()
    {
        using var client = await app.GuardClientAsync();

        var response = await client.PostAsync("/api/recognize", Upload(TestImages.PlateCrop("沪B7K2Q9", PlateColor.Blue)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("沪B7K2Q9", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Recognize_Anonymous_Is401_AndOwner_Is403()
    {
        using var anonymous = app.CreateClient();
        using var owner = await app.OwnerClientAsync();
        var image = TestImages.PlateCrop("京A12345", PlateColor.Blue);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/recognize", Upload(image))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostAsync("/api/recognize", Upload(image))).StatusCode);
    }

    [Fact]
    public async Task Recognize_PhotoWithoutPlate_Is422WithNullIdAndReason()
    {
        using var client = app.DeviceClient();

        var response = await client.PostAsync("/api/recognize", Upload(TestImages.GreyPng(640, 480)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("id").ValueKind);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("truncated")]
    [InlineData("missing field")]
    [InlineData("not multipart")]
    public async Task Recognize_NotAnImage_Is400ProblemNamingImage(string what)
    {
        using var client = app.DeviceClient();
        var png = TestImages.PlateCrop("京A12345", PlateColor.Blue);
        HttpContent content = what switch
        {
            "text" => Upload("hello"u8.ToArray(), type: "text/plain", fileName: "a.txt"),
            "truncated" => Upload(png[..(png.Length / 2)]),
            "missing field" => Upload(png, field: "photo"),
            _ => JsonContent.Create(new { image = "x" }),
        };

        var response = await client.PostAsync("/api/recognize", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("errors").TryGetProperty("image", out _));
    }

    [Fact]
    public async Task Recognize_Over10Megabytes_Is413()
    {
        using var client = app.DeviceClient();
        var big = new byte[11 * 1024 * 1024];
        big[0] = 0xFF;
        big[1] = 0xD8;

        var response = await client.PostAsync("/api/recognize", Upload(big, type: "image/jpeg", fileName: "big.jpg"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Recognize_AfterACorruptUpload_KeepsServing()
    {
        using var client = app.DeviceClient();
        byte[] corrupt = [0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, .. Enumerable.Repeat((byte)0x42, 3000), 0xFF, 0xD9];

        var bad = await client.PostAsync("/api/recognize", Upload(corrupt, type: "image/jpeg", fileName: "bad.jpg"));
        var good = await client.PostAsync("/api/recognize", Upload(TestImages.PlateCrop("京A12345", PlateColor.Blue)));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }
}
