using SmartParking.Domain.Payments;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Domain.Reports;

namespace SmartParking.Infrastructure.Common;

/// <summary>
/// Two months of invented visitor stays for demo mode, so that the dashboard, the daily income, the exports and last
/// month's PDF report have something to show on a fresh clone; plus a few cars inside now, one of them the demo
/// owner's, parked long enough for the overstay warning. Same seed, same history.
/// </summary>
internal static class DemoHistory
{
    // Enough to fill the whole of last month whatever today is.
    public const int Days = 62;
    public const int OwnerHoursInside = 80;
    private const string Provinces = "京京京京津冀冀沪苏浙鲁豫晋蒙辽吉";
    private const string Serial = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789012345678901234567890123456789";

    public static void Seed(ParkingDbContext db, Guid lotId, IReadOnlyList<FeeRule> rules, Owner? owner, TimeZoneInfo zone, DateTime nowUtc, int seed)
    {
        var random = new Random(seed);
        var hours = new Dictionary<DateTime, IncomeHour>();
        var todayLocal = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone).Date;
        for (var day = Days; day >= 1; day--)
        {
            var date = todayLocal.AddDays(-day);
            var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var stays = (weekend ? 22 : 12) + random.Next(12);
            for (var i = 0; i < stays; i++)
            {
                var entryLocal = date.AddHours(7).AddMinutes(random.Next(14 * 60));
                var minutes = random.Next(100) switch
                {
                    < 70 => 5 + random.Next(180),
                    < 95 => 180 + random.Next(420),
                    _ => 600 + random.Next(900),
                };
                var entryUtc = TimeZoneInfo.ConvertTimeToUtc(entryLocal, zone);
                var exitUtc = entryUtc.AddMinutes(minutes).AddSeconds(random.Next(60));
                if (exitUtc >= nowUtc)
                {
                    continue;
                }

                var type = random.Next(10) == 0 ? VehicleType.Truck : VehicleType.Small;
                var rule = rules.First(r => r.VehicleType == type && r.CustomerClass == CustomerClass.Visitor);
                var stay = ParkingSession.Enter(lotId, Plate(random), type, CustomerClass.Visitor, null, rule, entryUtc, awaitingRegistration: false);
                db.GateEvents.Add(GateEvent.Entered(stay, GateDecision.Open(CustomerClass.Visitor, DomainError.Of("Gate.DemoData")), "demo"));
                stay.Exit(exitUtc, rule, zone);
                if (stay.Fee > 0)
                {
                    db.LedgerEntries.Add(LedgerEntry.StayPayment(lotId, stay.Id, PaymentChannel.Cash, stay.SettleInCash(), exitUtc, "demo"));
                }

                db.ParkingSessions.Add(stay);
                db.GateEvents.Add(GateEvent.Exited(stay, "demo"));
                var hour = IncomeHour.For(lotId, exitUtc);
                if (!hours.TryGetValue(hour.HourStartUtc, out var booked))
                {
                    hours[hour.HourStartUtc] = booked = hour;
                }

                booked.Book(stay.Fee);
            }
        }

        db.IncomeHours.AddRange(hours.Values);

        if (owner is not null)
        {
            var ownerRule = rules.First(r => r.VehicleType == VehicleType.Small && r.CustomerClass == CustomerClass.Owner);
            var ownerCar = owner.Vehicles.First();
            Inside(db, ParkingSession.Enter(lotId, ownerCar.Plate, ownerCar.Type, CustomerClass.Owner, owner.Id, ownerRule, nowUtc.AddHours(-OwnerHoursInside), false));
        }

        var visitorRule = rules.First(r => r.VehicleType == VehicleType.Small && r.CustomerClass == CustomerClass.Visitor);
        for (var i = 1; i <= 3; i++)
        {
            Inside(db, ParkingSession.Enter(lotId, Plate(random), VehicleType.Small, CustomerClass.Visitor, null, visitorRule, nowUtc.AddMinutes(-37 * i), false));
        }
    }

    private static void Inside(ParkingDbContext db, ParkingSession stay)
    {
        db.ParkingSessions.Add(stay);
        db.GateEvents.Add(GateEvent.Entered(stay, GateDecision.Open(stay.CustomerClass, DomainError.Of("Gate.DemoData")), "demo"));
    }

    private static PlateNumber Plate(Random random)
    {
        while (true)
        {
            var text = $"{Provinces[random.Next(Provinces.Length)]}{(char)('A' + random.Next(8))}{new string(Enumerable.Range(0, 5).Select(_ => Serial[random.Next(Serial.Length)]).ToArray())}";
            if (PlateNumber.TryParse(text, out var plate, out _))
            {
                return plate;
            }
        }
    }
}
