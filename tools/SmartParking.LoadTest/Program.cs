using SmartParking.LoadTest;

// Benchmarks against a running SmartParking (see tools/benchmark.sh and docs/benchmarks.md):
//   seed    --data DIR --sessions N      write N closed stays into the app's SQLite file (app stopped)
//   gate    --url URL --seconds S --concurrency C [--warmup S] [--entry-key K --exit-key K | --key K] [--pid P]   entry+exit pairs, throughput, latency, app CPU
//   reports --url URL                    income/daily over 365 days and the 30-day export, timed
//   audit   --data DIR --rows N          seed N audit entries into a fresh SQLite file, time the audit page's queries
//   keys    [--calls N] [--concurrency C]  the camera key check per call, in process on a fresh SQLite file
//   callbacks [--calls N]                WeChat Pay / Alipay callback verification per call, in process on one thread
//   booking [--calls N] [--concurrency C] WeChat Pay callbacks verified and booked by the ledger, in process on a fresh SQLite file
//   crash drive --url URL --journal FILE --seconds S [--concurrency C]   cameras that send each read until it is answered; answers journaled
//   crash check --data DIR --journal FILE  every acknowledged read reconciled with the database and the fee engine (tools/crash-test.sh)
//   mqtt    --url URL --broker H --port P --lot L --lanes N --rate R --seconds S [--warmup S]   edge controllers' reads over MQTT, publish to command
//   cameras --url URL --cameras N --rate R --seconds S [--doubtful PCT] [--pictures DIR]   IVS cameras pushing reads with pictures (tools/benchmark-cameras.sh)
var command = args.FirstOrDefault() ?? "help";
var step = command == "crash" ? args.ElementAtOrDefault(1) ?? "" : "";
var options = Options.Parse(args.Skip(command == "crash" ? 2 : 1).ToArray());
return command switch
{
    "seed" => await SessionSeeder.RunAsync(options),
    "gate" => await GateLoad.RunAsync(options),
    "reports" => await ReportTiming.RunAsync(options),
    "audit" => await AuditTiming.RunAsync(options),
    "keys" => await KeyCheckTiming.RunAsync(options),
    "callbacks" => await PaymentCallbackTiming.RunAsync(options),
    "booking" => await BookingTiming.RunAsync(options),
    "crash" => await CrashCheck.RunAsync(step, options),
    "mqtt" => await MqttLoad.RunAsync(options),
    "cameras" => await CameraLoad.RunAsync(options),
    _ => Help(),
};

static int Help()
{
    Console.WriteLine("usage: seed --data DIR --sessions N | gate --url URL --seconds S --concurrency C [--warmup S] | reports --url URL | audit --data DIR --rows N | keys [--calls N] [--concurrency C] | callbacks [--calls N] | booking [--calls N] [--concurrency C] | crash drive --url URL --journal FILE --seconds S | crash check --data DIR --journal FILE | mqtt --url URL --broker H --port P --lot L --lanes N --rate R --seconds S | cameras --url URL --cameras N --rate R --seconds S");
    return 2;
}
