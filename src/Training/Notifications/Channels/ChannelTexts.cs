namespace Training.Notifications.Channels;

/// <summary>
/// The text of a notice on a channel, made from the same typed model as its email (<see cref="EmailModels"/>) through
/// the template's channel variant: for SMS, NAME.sms.liquid, made to fit one segment where possible (<see cref="SmsText"/>).
/// </summary>
public sealed class ChannelTexts(EmailTemplates templates)
{
    /// <summary>Whether the notice has an SMS text yet (registration-confirmed so far).</summary>
    public bool HasSms(string templateName) => File.Exists(Path.Combine(templates.EmailDirectory, "ja", $"{templateName}.sms.liquid"));

    public async Task<string> SmsAsync(string templateName, string language, EmailModel model)
    {
        if (!EmailModels.ByTemplate.TryGetValue(templateName, out var modelType) || modelType != model.GetType())
            throw new ArgumentException($"The template '{templateName}' is written for {modelType?.Name ?? "no model"}, not {model.GetType().Name}.", nameof(model));
        return SmsText.Fit(await templates.RenderVariantAsync(templateName, "sms", language, model));
    }
}
