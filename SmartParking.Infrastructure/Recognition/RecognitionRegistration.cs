using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Recognition;

namespace SmartParking.Infrastructure.Recognition;

public static class RecognitionRegistration
{
    public static IServiceCollection AddRecognition(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RecognitionSettings>(configuration.GetSection("Recognition"));
        services.AddSingleton<NativePlateRecognizer>();
        services.AddSingleton<IPlateRecognizer>(sp => sp.GetRequiredService<NativePlateRecognizer>());
        return services;
    }
}
