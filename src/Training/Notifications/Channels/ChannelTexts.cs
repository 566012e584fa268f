namespace Training.Notifications.Channels;

/// <summary>
/// The text of a notice on a channel, made from the same typed model as its email (<see cref="EmailModels"/>) through
/// the template's channel variant: for SMS, NAME.sms.liquid, made to fit one segment where possible (<see cref="SmsText"/>).
/// </summary>
public sealed class ChannelTexts(EmailTemplates templates)
{
    /// <summary>Whether the notice has a short SMS text of its own (else its subject and the link are sent).</summary>
    public bool HasSms(string templateName) => File.Exists(Path.Combine(templates.EmailDirectory, "ja", $"{templateName}.sms.liquid"));

    /// <summary>
    /// The text of a notice on LINE or SMS: SMS from its own short template, or, for a notice without one yet, the email's
    /// subject and the resident-page link (<paramref name="link"/>), fitted to one segment; LINE from the email's subject
    /// and plain text (LINE takes long texts; the sender splits them, the link kept).
    /// </summary>
    public async Task<string> TextAsync(NoticeChannel channel, string templateName, string language, EmailModel model, string link)
    {
        if (channel == NoticeChannel.Sms && HasSms(templateName)) return await SmsAsync(templateName, language, model);
        var email = await templates.RenderAsync(templateName, language, model);
        return channel == NoticeChannel.Sms
            ? SmsText.Fit($"{email.Subject}\n{link}")
            : $"{email.Subject}\n\n{email.TextBody.Trim()}";
    }

    public async Task<string> SmsAsync(string templateName, string language, EmailModel model)
    {
        if (!EmailModels.ByTemplate.TryGetValue(templateName, out var modelType) || modelType != model.GetType())
            throw new ArgumentException($"The template '{templateName}' is written for {modelType?.Name ?? "no model"}, not {model.GetType().Name}.", nameof(model));
        return SmsText.Fit(await templates.RenderVariantAsync(templateName, "sms", language, model));
    }
}
