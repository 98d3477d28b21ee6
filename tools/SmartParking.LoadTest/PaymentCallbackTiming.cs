using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SmartParking.Infrastructure.Payments;

namespace SmartParking.LoadTest;

/// <summary>
/// What reading one payment callback costs (issue 22), in process on one thread: a WeChat Pay v3 callback's RSA
/// signature check over the raw body plus its AES-256-GCM resource, and an Alipay notify's RSA2 check. Every callback
/// is distinct (own order, nonce, signature), made beforehand with keys generated here. Booking is not included.
/// </summary>
internal static class PaymentCallbackTiming
{
    public static async Task<int> RunAsync(Options options)
    {
        var url = options.Get("url", "");
        return url.Length > 0 ? await OverHttpAsync(options, url) : InProcess(options);
    }

    /// <summary>
    /// Posts distinct signed callbacks to a running demo app's /api/payments/wechat/notify, signed with its sandbox keys
    /// (read from --data), from C concurrent callers: verification, decryption and the HTTP round trip, plus whatever
    /// books them (without a booking service the route answers 503 after verifying, which is counted as verified).
    /// </summary>
    private static async Task<int> OverHttpAsync(Options options, string url)
    {
        var calls = options.Int("calls", 5_000);
        var concurrency = options.Int("concurrency", 8);
        var folder = Path.Combine(options.Get("data", "SmartParking.Web/App_Data"), "payment-sandbox");
        using var platform = RSA.Create();
        platform.ImportFromPem(File.ReadAllText(Path.Combine(folder, "wechat-platform.pem")));
        var apiV3Key = File.ReadAllText(Path.Combine(folder, "wechat-apiv3.key"));
        var callbacks = new System.Collections.Concurrent.ConcurrentQueue<(Dictionary<string, string> Headers, byte[] Body)>(
            Enumerable.Range(0, calls).Select(i => WeChatCallback(i, platform, apiV3Key, SmartParking.Infrastructure.Payments.Sandbox.PaymentSandboxKeys.WeChatPublicKeyId)));
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (callbacks.TryDequeue(out var callback))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/wechat/notify") { Content = new ByteArrayContent(callback.Body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                foreach (var (name, value) in callback.Headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                var one = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                latencies.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }
        }));
        total.Stop();
        Console.WriteLine($"WeChat Pay callbacks over HTTP, {concurrency} callers: {calls} in {total.Elapsed.TotalSeconds:0.00} s = {calls / total.Elapsed.TotalSeconds:0} per second; "
            + $"{Percentiles.Describe([.. latencies])}; answers {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        return 0;
    }

    private static int InProcess(Options options)
    {
        var calls = options.Int("calls", 20_000);
        using var platform = RSA.Create(2048);
        using var alipayKey = RSA.Create(2048);
        var apiV3Key = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 32);
        using var verifierKey = RSA.Create();
        verifierKey.ImportSubjectPublicKeyInfo(platform.ExportSubjectPublicKeyInfo(), out _);
        using var merchant = RSA.Create(2048);
        var keys = new WeChatPayKeys(merchant, "BENCH", Encoding.UTF8.GetBytes(apiV3Key), [("PUB_KEY_ID_BENCH", verifierKey, null)]);
        var reader = new WeChatPayNotifyReader(keys, new WeChatPayVerifier(keys, TimeProvider.System));

        var callbacks = Enumerable.Range(0, calls).Select(i => WeChatCallback(i, platform, apiV3Key, "PUB_KEY_ID_BENCH")).ToList();
        Measure("WeChat Pay callback: RSA verify + AES-256-GCM + JSON", callbacks, c =>
        {
            if (reader.Read(name => c.Headers.GetValueOrDefault(name), c.Body).Payment is null)
            {
                throw new InvalidOperationException("a genuine callback was refused");
            }
        });

        using var alipayPublic = RSA.Create();
        alipayPublic.ImportSubjectPublicKeyInfo(alipayKey.ExportSubjectPublicKeyInfo(), out _);
        using var appKey = RSA.Create(2048);
        var alipay = new AlipayNotifyReader(new AlipayKeys(appKey, alipayPublic));
        var notifies = Enumerable.Range(0, calls).Select(i => AlipayNotify(i, alipayKey)).ToList();
        Measure("Alipay notify: RSA2 verify of the sorted fields", notifies, n =>
        {
            if (alipay.Read(n).Payment is null)
            {
                throw new InvalidOperationException("a genuine notify was refused");
            }
        });
        return 0;
    }

    private static void Measure<T>(string what, List<T> items, Action<T> read)
    {
        foreach (var item in items.Take(200))
        {
            read(item);
        }

        var latencies = new List<double>(items.Count);
        var total = Stopwatch.StartNew();
        foreach (var item in items)
        {
            var one = Stopwatch.GetTimestamp();
            read(item);
            latencies.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
        }

        total.Stop();
        latencies.Sort();
        double Micro(double share) => latencies[Math.Min(latencies.Count - 1, (int)(share * latencies.Count))] * 1000;
        Console.WriteLine($"{what}: {items.Count} in {total.Elapsed.TotalSeconds:0.00} s = {items.Count / total.Elapsed.TotalSeconds:0} per second on one thread; "
            + $"p50 {Micro(0.50):0} µs, p99 {Micro(0.99):0} µs, max {latencies[^1] * 1000:0} µs");
    }

    internal static (Dictionary<string, string> Headers, byte[] Body) WeChatCallback(
        int i, RSA platform, string apiV3Key, string serial, string? outTradeNo = null, string mchid = "1230000109", string appid = "wxd678efh567hg6787", int totalFen = 500)
    {
        var transaction = "{\"mchid\":\"" + mchid + "\",\"appid\":\"" + appid + "\",\"out_trade_no\":\"" + (outTradeNo ?? "BENCH" + i.ToString("D8", CultureInfo.InvariantCulture))
            + "\",\"transaction_id\":\"42000" + i.ToString("D10", CultureInfo.InvariantCulture) + "\",\"trade_type\":\"NATIVE\",\"trade_state\":\"SUCCESS\",\"trade_state_desc\":\"支付成功\","
            + "\"bank_type\":\"OTHERS\",\"attach\":\"\",\"success_time\":\"2026-12-07T09:30:15+08:00\",\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"},"
            + "\"amount\":{\"total\":" + totalFen.ToString(CultureInfo.InvariantCulture) + ",\"payer_total\":" + totalFen.ToString(CultureInfo.InvariantCulture) + ",\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";
        var nonce = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);
        var ciphertext = WeChatPayNotifyReader.Encrypt(Encoding.UTF8.GetBytes(apiV3Key), nonce, "transaction", Encoding.UTF8.GetBytes(transaction));
        var body = Encoding.UTF8.GetBytes("{\"id\":\"EV-" + i + "\",\"create_time\":\"2026-12-07T09:30:16+08:00\",\"resource_type\":\"encrypt-resource\",\"event_type\":\"TRANSACTION.SUCCESS\",\"summary\":\"支付成功\",\"resource\":{\"original_type\":\"transaction\",\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\""
            + ciphertext + "\",\"associated_data\":\"transaction\",\"nonce\":\"" + nonce + "\"}}");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headerNonce = WeChatPaySignature.Nonce();
        return (new Dictionary<string, string>
        {
            [WeChatPaySignature.SerialHeader] = serial,
            [WeChatPaySignature.TimestampHeader] = timestamp,
            [WeChatPaySignature.NonceHeader] = headerNonce,
            [WeChatPaySignature.SignatureHeader] = WeChatPaySignature.SignAnswer(platform, timestamp, headerNonce, body),
        }, body);
    }

    private static Dictionary<string, string?> AlipayNotify(int i, RSA alipay)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["app_id"] = "2021009999999999", ["charset"] = "utf-8", ["gmt_payment"] = "2026-12-07 09:30:15", ["notify_id"] = "N" + i,
            ["notify_time"] = "2026-12-07 09:30:16", ["notify_type"] = "trade_status_sync", ["out_trade_no"] = $"BENCH{i:D8}", ["seller_id"] = "2088101122136241",
            ["subject"] = "停车费", ["total_amount"] = "5.00", ["trade_no"] = $"2026{i:D12}", ["trade_status"] = "TRADE_SUCCESS", ["version"] = "1.0",
        };
        fields["sign"] = AlipaySignature.Sign(alipay, AlipaySignature.NotifyContent(fields));
        fields["sign_type"] = "RSA2";
        return fields;
    }
}
