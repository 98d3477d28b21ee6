using SmartParking.Domain.Announcements;
using SmartParking.Domain.Common;
using SmartParking.Infrastructure.Announcements;

namespace SmartParking.Tests.Domain.Announcements;

public sealed class AnnouncementTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 4, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Draft_IsNotShown_UntilPublished_AndNotAfterItExpires()
    {
        var a = Announcement.Draft(Guid.NewGuid(), AnnouncementKind.Notice, "停水通知", "明日停水", Now);
        Assert.False(a.IsShownAt(Now));

        a.Publish(Now.AddHours(1), Now.AddDays(1), Now);

        Assert.False(a.IsShownAt(Now));
        Assert.True(a.IsShownAt(Now.AddHours(2)));
        Assert.False(a.IsShownAt(Now.AddDays(1)));
    }

    [Fact]
    public void Expire_TakesItOffTheBoardAtOnce()
    {
        var a = Announcement.Draft(Guid.NewGuid(), AnnouncementKind.TrafficRule, "限速", "5 km/h", Now);
        a.Publish(Now, null, Now);

        a.Expire(Now.AddMinutes(5));

        Assert.True(a.IsShownAt(Now.AddMinutes(4)));
        Assert.False(a.IsShownAt(Now.AddMinutes(5)));
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("标题", "")]
    public void Edit_WithoutTitleOrBody_IsRejected(string title, string body)
    {
        Assert.Throws<DomainException>(() => Announcement.Draft(Guid.NewGuid(), AnnouncementKind.Notice, title.Length == 0 ? " " : title, body, Now));
    }

    [Fact]
    public void Publish_ExpiringBeforeItStarts_IsRejected()
    {
        var a = Announcement.Draft(Guid.NewGuid(), AnnouncementKind.Notice, "t", "b", Now);

        Assert.Throws<DomainException>(() => a.Publish(Now, Now.AddMinutes(-1), Now));
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("[点我](javascript:alert(1))")]
    [InlineData("![图](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    public void Markdown_NeverLetsScriptThrough(string markdown)
    {
        var html = AnnouncementBoard.ToSafeHtml("公告\n\n" + markdown);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=\"x\"", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("公告", html);
    }

    [Fact]
    public void Markdown_KeepsFormattingLinksAndLocalImages()
    {
        var html = AnnouncementBoard.ToSafeHtml("**加粗**\n\n- 一\n- 二\n\n[物业](https://example.cn) ![限速](/board/speed-limit-5.svg)");

        Assert.Contains("<strong>加粗</strong>", html);
        Assert.Contains("<li>一</li>", html);
        Assert.Contains("href=\"https://example.cn\"", html);
        Assert.Contains("src=\"/board/speed-limit-5.svg\"", html);
    }
}
