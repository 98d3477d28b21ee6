using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Recognition;

namespace SmartParking.Infrastructure.Recognition;

public static class RecognitionRegistration
{
    public static IServiceCollection AddRecognition(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RecognitionSettings>(configuration.GetSection("Recognition"));
        services.AddSingleton<OpenCvPlateRecognizer>();
        services.AddSingleton<IPlateRecognizer>(sp => sp.GetRequiredService<OpenCvPlateRecognizer>());
        return services;
    }
}
