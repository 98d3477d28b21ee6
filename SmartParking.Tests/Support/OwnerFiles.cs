using System.Text;
using SmartParking.Domain.People;

namespace SmartParking.Tests.Support;

/// <summary>Owner import files the tests write themselves: valid rows numbered n, and a few bad ones put in on purpose.</summary>
public static class OwnerFiles
{
    public const string Header = "姓名,身份证号,手机号,房号,车牌";

    /// <summary>A valid ID number per n (birth dates 1950–1999, sequence 000–999).</summary>
    public static string IdNumber(int n)
    {
        var first17 = $"110101{1950 + n / 1000 % 50}0101{n % 1000:D3}";
        return first17 + ChineseIdNumber.CheckCharFor(first17);
    }

    public static string WrongCheckDigit(int n)
    {
        var id = IdNumber(n);
        return id[..17] + (id[17] == '1' ? '2' : '1');
    }

    public static string Mobile(int n) => $"139{n:D8}";

    public static string Plate(int n) => $"{"沪苏浙皖"[n / 100_000 % 4]}C{n % 100_000:D5}";

    public static string Row(int n) => $"业主{n},{IdNumber(n)},{Mobile(n)},{n / 100 + 1}-{n % 100 + 1}-1201,{Plate(n)}:小车";

    /// <summary>The spreadsheet row of data row n (0-based): the header is row 1.</summary>
    public static int SheetRow(int n) => n + 2;

    public static byte[] Csv(int count, Func<int, string?>? replace = null, string header = Header)
    {
        var text = new StringBuilder(header).Append("\r\n");
        for (var n = 0; n < count; n++)
        {
            text.Append(replace?.Invoke(n) ?? Row(n)).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>200 owners, three of them bad: row 15 a wrong check digit, row 89 a 10-digit mobile, row 151 a plate row 26 has.</summary>
    public static byte[] TwoHundredWithThreeBad() => Csv(200, n => n switch
    {
        13 => $"业主13,{WrongCheckDigit(13)},{Mobile(13)},1-14-1201,{Plate(13)}:小车",
        87 => $"业主87,{IdNumber(87)},1390000087,1-88-1201,{Plate(87)}",
        149 => $"业主149,{IdNumber(149)},{Mobile(149)},2-50-1201,{Plate(24)}:货车",
        _ => null,
    });

    public static int[] BadRowsOfTwoHundred => [SheetRow(13), SheetRow(87), SheetRow(149)];
}
