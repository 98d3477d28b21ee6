using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Notices;

namespace SmartParking.Infrastructure.Notices;

public static class NoticeSenderRegistration
{
    // Provider answers are a few hundred bytes; anything bigger is not an answer worth buffering.
    private const int MaxResponseBytes = 64 * 1024;

    /// <summary>
    /// Registers the SMS and WeChat senders that configuration switches on, each as an <see cref="INoticeSender"/>.
    /// Their HTTP clients log nothing: the URLs carry the access key id and signature, the app secret, or the access token.
    /// </summary>
    public static IServiceCollection AddNoticeSenders(this IServiceCollection services, IConfiguration configuration)
    {
        var sms = AddChannelSettings<AliyunSmsSettings>(services, configuration, AliyunSmsSettings.Section);
        if (sms.GetValue<bool>(nameof(NoticeChannelSettings.Enabled)))
        {
            services.AddHttpClient<AliyunSmsSender>(ConfigureClient<AliyunSmsSettings>).RemoveAllLoggers();
            services.AddTransient<INoticeSender>(sp => sp.GetRequiredService<AliyunSmsSender>());
        }

        var weChat = AddChannelSettings<WeChatTemplateSettings>(services, configuration, WeChatTemplateSettings.Section);
        if (weChat.GetValue<bool>(nameof(NoticeChannelSettings.Enabled)))
        {
            services.AddSingleton<WeChatAccessTokenCache>();
            services.AddHttpClient<WeChatTemplateSender>(ConfigureClient<WeChatTemplateSettings>).RemoveAllLoggers();
            services.AddTransient<INoticeSender>(sp => sp.GetRequiredService<WeChatTemplateSender>());
            services.AddHttpClient<WeChatLinking>(ConfigureClient<WeChatTemplateSettings>).RemoveAllLoggers();
        }

        return services;
    }

    private static IConfigurationSection AddChannelSettings<TSettings>(IServiceCollection services, IConfiguration configuration, string sectionName)
        where TSettings : NoticeChannelSettings
    {
        var section = configuration.GetSection(sectionName);
        services.AddOptions<TSettings>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TSettings>, NoticeChannelSettingsValidator<TSettings>>();
        return section;
    }

    private static void ConfigureClient<TSettings>(IServiceProvider services, HttpClient client)
        where TSettings : NoticeChannelSettings
    {
        client.Timeout = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<TSettings>>().Value.TimeoutSeconds);
        client.MaxResponseContentBufferSize = MaxResponseBytes;
    }
}
