using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmartParking.Domain.Billing;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>
/// An admin at 1920×1080 keeps the lot's holiday calendar on /admin/calendar: the year at a glance, a day marked with the
/// keyboard, a list imported (a wrong line imports nothing and is named), and a fee rule that is free on holidays.
/// </summary>
public sealed class HolidayCalendarTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private const int Year = 2027;

    [Fact]
    public async Task AnAdminMarksADayWithTheKeyboard_ImportsAList_AndAWrongLineImportsNothing()
    {
        var page = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(page, "admin", "Admin123!");
        await BrowserApp.LeftLoginAsync(page);
        await page.GotoAsync("/admin/calendar");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();

        // This year carries the demo holidays: National Day is red on the wall calendar.
        var thisYear = DateTime.UtcNow.AddHours(8).Year;
        await Assertions.Expect(page.Locator("[data-testid=year]")).ToHaveTextAsync(thisYear.ToString());
        if (thisYear == 2026)
        {
            await Assertions.Expect(page.Locator("button[data-date='2026-10-01']")).ToHaveAttributeAsync("data-kind", "holiday");
            await Assertions.Expect(page.Locator("button[data-date='2026-10-10']")).ToHaveAttributeAsync("data-kind", "workingday");
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "calendar-1920.png"), FullPage = true });

        // Next year is empty and says what that means for the rules.
        await ShowYearAsync(page, Year);

        await Assertions.Expect(page.Locator("[data-testid=year-empty]")).ToBeVisibleAsync();

        // New Year's Day, with the keyboard only: focus the day, Enter, type the name, Enter.
        await page.Locator($"button[data-date='{Year}-01-01']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=selected-day]")).ToContainTextAsync($"{Year}年1月1日");
        await page.Locator("[data-testid=day-name]").FillAsync("元旦");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator($"button[data-date='{Year}-01-01']")).ToHaveAttributeAsync("data-kind", "holiday");
        await Assertions.Expect(page.Locator("[data-testid=year-summary]")).ToHaveTextAsync("节假日 1 天，调休上班 0 天");

        // A list with one wrong line marks nothing and names the line.
        await page.Locator("[data-testid=import-text]").FillAsync($"{Year}-02-06,holiday,春节\n{Year}-02-30,holiday,春节\n{Year}-02-14,workday,春节调休");
        await page.Locator("[data-testid=import]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=import-errors] [data-line='2']")).ToContainTextAsync("第 2 行");
        await Assertions.Expect(page.Locator($"button[data-date='{Year}-02-06']")).ToHaveAttributeAsync("data-kind", "");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "calendar-import-error-1920.png") });

        // Corrected, the whole list goes in; the text box stays until it has.
        await page.Locator("[data-testid=import-text]").FillAsync($"{Year}-02-06,holiday,春节\n{Year}-02-07,holiday,春节\n{Year}-02-14,workday,春节调休");
        await page.Locator("[data-testid=import]").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "已导入 3 天" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"button[data-date='{Year}-02-14']")).ToHaveAttributeAsync("data-kind", "workingday");
        await Assertions.Expect(page.Locator("[data-testid=year-summary]")).ToHaveTextAsync("节假日 3 天，调休上班 1 天");
        await Assertions.Expect(page.Locator("[data-testid=import-errors]")).ToHaveCountAsync(0);

        // A day taken out again with the mouse.
        await page.Locator($"button[data-date='{Year}-02-07']").ClickAsync();
        await page.Locator("[data-testid=unmark-day]").ClickAsync();
        await Assertions.Expect(page.Locator($"button[data-date='{Year}-02-07']")).ToHaveAttributeAsync("data-kind", "");

        var lotId = await browser.App.WithDbAsync(db => db.Lots.Where(l => l.Code == "yangguang").Select(l => l.Id).SingleAsync());
        var marked = await browser.App.WithDbAsync(db => db.CalendarDays.Where(d => d.LotId == lotId && d.Date.Year == Year).OrderBy(d => d.Date).ToListAsync());
        Assert.Equal([(new DateOnly(Year, 1, 1), CalendarDayKind.Holiday, "元旦"), (new DateOnly(Year, 2, 6), CalendarDayKind.Holiday, "春节"), (new DateOnly(Year, 2, 14), CalendarDayKind.WorkingDay, "春节调休")],
            marked.Select(d => (d.Date, d.Kind, d.Name)));
        // Each day marked (one by hand, three imported) and the one taken out again is in the audit, under the admin's name.
        var audited = await browser.App.WithDbAsync(db => db.AuditEntries.Where(a => a.Actor == "admin" && a.Subject.Contains($"{Year}-")).Select(a => a.Action).ToListAsync());
        Assert.Equal(["MarkCalendarDay", "MarkCalendarDay", "MarkCalendarDay", "MarkCalendarDay", "UnmarkCalendarDay"], audited.Order());
    }

    [Fact]
    public async Task InEnglish_TheCalendarSpeaksEnglish_AndMonthsStartOnMonday()
    {
        var page = await browser.NewPageAsync(1920, 1080);
        await page.GotoAsync("/culture/set?culture=en&returnUrl=/account/login");
        await browser.LogInAsync(page, "admin", "Admin123!");
        await BrowserApp.LeftLoginAsync(page);
        await page.GotoAsync("/admin/calendar");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();

        await Assertions.Expect(page.Locator("section[data-month='1'] h3")).ToHaveTextAsync("January");
        // 1 February 2027 is a Monday: the first cell after the weekday names is that day.
        await ShowYearAsync(page, Year);

        var february = page.Locator("section[data-month='2'] .sp-month-grid > *");
        await Assertions.Expect(february.Nth(7)).ToHaveAttributeAsync("data-date", $"{Year}-02-01");
        await Assertions.Expect(page.Locator("[data-testid=pick-a-day]")).ToContainTextAsync("Click a day");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "en-calendar-1920.png") });
    }

    // One click at a time, each waited for: a click before the page has turned would skip a year.
    private static async Task ShowYearAsync(IPage page, int year)
    {
        var shown = page.Locator("[data-testid=year]");
        while (int.Parse(await shown.InnerTextAsync()) is var current && current != year)
        {
            await page.Locator(current < year ? "[data-testid=next-year]" : "[data-testid=previous-year]").ClickAsync();
            await Assertions.Expect(shown).Not.ToHaveTextAsync(current.ToString());
        }
    }
}
