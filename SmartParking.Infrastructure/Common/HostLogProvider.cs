using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace SmartParking.Infrastructure.Common;

/// <summary>
/// Hangfire logs through one process-wide provider, set by the host that configured it last. When that host has
/// stopped (tests start and stop many in one process) its logger factory is disposed: the log line is dropped
/// instead of failing the job or the page that asked for a logger.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name) => new HostLog(factory, name);

    private sealed class HostLog(ILoggerFactory factory, string name) : ILog
    {
        private ILogger? _logger;

        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                _logger ??= factory.CreateLogger(name);
                var level = ToLevel(logLevel);
                if (messageFunc is null)
                {
                    return _logger.IsEnabled(level);
                }

                if (_logger.IsEnabled(level))
                {
                    _logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
                }

                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        private static LogLevel ToLevel(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => LogLevel.Trace,
            HangfireLevel.Debug => LogLevel.Debug,
            HangfireLevel.Info => LogLevel.Information,
            HangfireLevel.Warn => LogLevel.Warning,
            HangfireLevel.Error => LogLevel.Error,
            _ => LogLevel.Critical,
        };
    }
}
