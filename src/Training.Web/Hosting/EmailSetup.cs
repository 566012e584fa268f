using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Notifications;

namespace Training.Web.Hosting;

public static class EmailSetup
{
    public static void AddTrainingEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(SmtpTokens.HttpClientName);
        // SMTP when Smtp:Host is set; otherwise the embedded default, .eml files in the pickup folder.
        builder.Services.AddSingleton<IMailTransport>(services =>
        {
            var smtp = services.GetRequiredService<IOptions<SmtpOptions>>().Value;
            if (smtp.IsConfigured)
                return new SmtpTransport(smtp, SmtpTokens.For(smtp.OAuth, smtp.UserName!, services.GetRequiredService<IHttpClientFactory>(), services.GetRequiredService<IHttpMessageHandlerFactory>()));
            var email = services.GetRequiredService<IOptions<EmailOptions>>().Value;
            return new PickupFolderTransport(email.PickupDirectory, services.GetRequiredService<ILogger<PickupFolderTransport>>());
        });
    }
}
