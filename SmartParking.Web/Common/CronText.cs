using Microsoft.Extensions.Localization;

namespace SmartParking.Web.Common;

/// <summary>
/// A five-field cron expression as an admin reads it ("每 15 分钟", "每月 1 日 02:00"); the shapes our schedules use are
/// described, anything else is shown as it is.
/// </summary>
public static class CronText
{
    public static string Describe(string cron, IStringLocalizer<AdminText> text)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 || fields[3] != "*" || fields[4] != "*")
        {
            return cron;
        }

        var (minute, hour, day) = (fields[0], fields[1], fields[2]);
        if (minute == "*" && hour == "*" && day == "*")
        {
            return text["Cron_EveryMinute"];
        }

        if (minute.StartsWith("*/", StringComparison.Ordinal) && int.TryParse(minute[2..], out var every) && hour == "*" && day == "*")
        {
            return every == 1 ? text["Cron_EveryMinute"] : string.Format(text["Cron_EveryMinutes"], every);
        }

        if (!int.TryParse(minute, out var m) || m is < 0 or > 59)
        {
            return cron;
        }

        if (hour == "*" && day == "*")
        {
            return string.Format(text["Cron_HourlyAt"], m);
        }

        if (!int.TryParse(hour, out var h) || h is < 0 or > 23)
        {
            return cron;
        }

        var time = $"{h:00}:{m:00}";
        if (day == "*")
        {
            return string.Format(text["Cron_DailyAt"], time);
        }

        return int.TryParse(day, out var d) && d is >= 1 and <= 31 ? string.Format(text["Cron_MonthlyAt"], d, time) : cron;
    }
}
