using Microsoft.Extensions.Options;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Recognition;

namespace SmartParking.Infrastructure.Lots;

/// <summary>The policy a new lot starts with: the settings file's thresholds, overdue hours and local provinces.</summary>
public sealed class LotDefaults(IOptions<ReportSettings> reports, IOptions<GateSettings> gate, IOptions<RecognitionSettings> recognition)
{
    public LotPolicy PolicyWith(int capacity) =>
        LotPolicy.Create(capacity, reports.Value.ExcellentIncomePerDay, reports.Value.GoodIncomePerDay, gate.Value.OverdueHours, recognition.Value.LocalProvinces);
}
