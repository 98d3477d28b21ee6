using SmartParking.Domain.Common;
using SmartParking.Domain.Notices;
using SmartParking.Domain.People;

namespace SmartParking.Tests.Domain.Notices;

public sealed class NoticeTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];

    [Fact]
    public void InboxNotice_IsDeliveredByBeingStored_OtherChannelsWaitForTheSendingJob()
    {
        var inbox = Notice.Queue(Guid.NewGuid(), Guid.NewGuid(), NoticeChannel.Inbox, NoticeTemplates.Entry, "{}", Now);
        var sms = Notice.Queue(Guid.NewGuid(), Guid.NewGuid(), NoticeChannel.Sms, NoticeTemplates.Entry, "{}", Now);

        Assert.Equal((NoticeStatus.Sent, Now), (inbox.Status, inbox.SentUtc!.Value));
        Assert.Equal((NoticeStatus.Pending, Now), (sms.Status, sms.NextAttemptUtc!.Value));
    }

    [Fact]
    public void MarkFailed_Retryable_WaitsEachBackoffStep_ThenEndsFailed()
    {
        var sms = Notice.Queue(Guid.NewGuid(), Guid.NewGuid(), NoticeChannel.Sms, NoticeTemplates.Overstay, "{}", Now);

        sms.MarkFailed("timeout", retryable: true, Now, Backoff);
        Assert.Equal((NoticeStatus.Pending, Now.AddMinutes(1)), (sms.Status, sms.NextAttemptUtc!.Value));
        sms.MarkFailed("timeout", retryable: true, Now.AddMinutes(1), Backoff);
        Assert.Equal(Now.AddMinutes(6), sms.NextAttemptUtc);
        sms.MarkFailed("timeout", retryable: true, Now.AddMinutes(6), Backoff);

        Assert.Equal((NoticeStatus.Failed, 3, "timeout"), (sms.Status, sms.Attempts, sms.LastError));
        Assert.Null(sms.NextAttemptUtc);
    }

    [Fact]
    public void MarkFailed_NotRetryable_EndsFailedAtOnce()
    {
        var sms = Notice.Queue(Guid.NewGuid(), Guid.NewGuid(), NoticeChannel.Sms, NoticeTemplates.Overstay, "{}", Now);

        sms.MarkFailed("template rejected", retryable: false, Now, Backoff);

        Assert.Equal((NoticeStatus.Failed, 1), (sms.Status, sms.Attempts));
    }

    [Fact]
    public void Queue_ForAVisitorsInbox_IsRefused_VisitorsHaveNone()
    {
        Assert.Throws<ArgumentException>(() => Notice.Queue(Guid.NewGuid(), null, NoticeChannel.Inbox, NoticeTemplates.Entry, "{}", Now, Guid.NewGuid()));
    }

    [Theory]
    [InlineData(23, new int[0])]
    [InlineData(24, new[] { 24 })]
    [InlineData(80, new[] { 24, 72 })]
    public void OverstayDue_ListsThePassedThresholdsNotYetWarned(int hoursInside, int[] due)
    {
        Assert.Equal(due, OverstayWarning.Due(Now, Now.AddHours(hoursInside), [24, 72], []));
        Assert.Equal(due.Where(h => h != 24), OverstayWarning.Due(Now, Now.AddHours(hoursInside), [24, 72], [24]));
    }

    [Fact]
    public void Owner_ChoosingAnUnknownNotice_IsRefused_AndMutedOnesAreNotWanted()
    {
        var owner = Owner.Register(Guid.NewGuid(), "王业主", ChineseIdNumber.Parse("110105198001011238"), MobileNumber.Parse("13800138000"), Now);

        Assert.Throws<DomainException>(() => owner.ChooseNotices(["Lottery"], false, null));
        owner.ChooseNotices([NoticeTemplates.LotFull], true, " oAbc123 ");

        Assert.False(owner.Wants(NoticeTemplates.LotFull));
        Assert.True(owner.Wants(NoticeTemplates.Overstay));
        Assert.Equal("oAbc123", owner.WeChatOpenId);
    }
}
