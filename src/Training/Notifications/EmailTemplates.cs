using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Microsoft.Extensions.Options;
using Training.Configuration;

namespace Training.Notifications;

public record RenderedEmail(string Subject, string TextBody, string? HtmlBody);

/// <summary>
/// Renders emails from Liquid templates under templates/email/{language}/: NAME.subject.liquid, NAME.txt.liquid
/// and optionally NAME.html.liquid, wrapped in _layout.html.liquid. Values are HTML-encoded in the HTML part,
/// so a name such as &lt;script&gt; arrives as text.
/// </summary>
public class EmailTemplates(IOptions<TemplatesOptions> templates, IOptions<SiteOptions> site, SiteLinks links, Organisations.ContactNumbers contacts)
{
    private static readonly FluidParser Parser = new();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly ConcurrentDictionary<string, IFluidTemplate?> _cache = new();
    private readonly TemplateOptions _options = CreateOptions(site.Value);

    public string EmailDirectory => Path.Combine(templates.Value.Directory, "email");

    public bool Exists(string name, string language) => File.Exists(PathOf(Language(language), $"{name}.subject.liquid"));

    public async Task<RenderedEmail> RenderAsync(string name, string language, EmailModel model)
    {
        var lang = Language(language);
        if (!Exists(name, lang)) lang = "ja";
        var subjectTemplate = Load(lang, $"{name}.subject.liquid")
            ?? throw new FileNotFoundException($"Email template '{name}' has no subject file in {EmailDirectory}/{lang}.");
        var textTemplate = Load(lang, $"{name}.txt.liquid")
            ?? throw new FileNotFoundException($"Email template '{name}' has no plain-text file in {EmailDirectory}/{lang}.");
        var htmlTemplate = Load(lang, $"{name}.html.liquid");

        var context = Context(model);
        var subject = (await subjectTemplate.RenderAsync(context, NullEncoder.Default)).Trim().ReplaceLineEndings(" ");
        var text = await textTemplate.RenderAsync(context, NullEncoder.Default);
        string? html = null;
        if (htmlTemplate is not null)
        {
            var body = await htmlTemplate.RenderAsync(context, Html);
            var layout = Load(lang, "_layout.html.liquid");
            if (layout is null) html = body;
            else
            {
                var layoutContext = Context(model);
                layoutContext.SetValue("content", body);
                layoutContext.SetValue("subject", subject);
                html = await layout.RenderAsync(layoutContext, Html);
            }
        }
        return new RenderedEmail(subject, text.Trim() + "\n", html);
    }

    /// <summary>
    /// The text of a notice for another channel, from the same typed model and the same values as its email:
    /// NAME.VARIANT.liquid beside the email's files (registration-confirmed.sms.liquid), in the language asked for or
    /// else Japanese.
    /// </summary>
    public async Task<string> RenderVariantAsync(string name, string variant, string language, EmailModel model)
    {
        var file = $"{name}.{variant}.liquid";
        var lang = Language(language);
        var template = Load(lang, file) ?? Load("ja", file)
            ?? throw new FileNotFoundException($"Template '{name}' has no {variant} file in {EmailDirectory}/{lang}.");
        return (await template.RenderAsync(Context(model), NullEncoder.Default)).Trim();
    }

    private TemplateContext Context(EmailModel model)
    {
        var context = new TemplateContext(model, _options);
        var general = contacts.General;
        context.SetValue("site", new Dictionary<string, object?>
        {
            ["name"] = site.Value.Name,
            ["municipality"] = site.Value.Municipality,
            ["url"] = links.BaseUrl,
            ["phone"] = general.Phone,
            ["hours"] = general.Hours ?? "",
            ["recover_url"] = links.Absolute(SiteLinks.Recover),
        });
        // The office to call: the one that runs the course the message is about, else the city's.
        var office = model.Office ?? new EmailOffice(general.Organisation ?? site.Value.Municipality, general.Phone, general.Hours, null);
        context.SetValue("office", new Dictionary<string, object?>
        {
            ["name"] = office.Name,
            ["phone"] = office.Phone,
            ["tel"] = Organisations.ContactNumbers.TelUri(office.Phone),
            ["hours"] = office.Hours ?? "",
        });
        return context;
    }

    private IFluidTemplate? Load(string language, string file)
    {
        var path = PathOf(language, file);
        return _cache.GetOrAdd(path, p =>
        {
            if (!File.Exists(p)) return null;
            var source = File.ReadAllText(p);
            if (!Parser.TryParse(source, out var template, out var error))
                throw new InvalidOperationException($"Email template {p} does not parse: {error}");
            return template;
        });
    }

    private string PathOf(string language, string file) => Path.Combine(EmailDirectory, language, file);

    private static string Language(string? language) => language is "en" ? "en" : "ja";

    private static TemplateOptions CreateOptions(SiteOptions site)
    {
        var options = new TemplateOptions
        {
            CultureInfo = CultureInfo.GetCultureInfo("ja-JP"),
            TimeZone = site.GetTimeZone(),
        };
        // Templates name a model's properties in snake case: {{ my_url }} reads MyUrl.
        options.MemberAccessStrategy = new UnsafeMemberAccessStrategy { MemberNameStrategy = MemberNameStrategies.SnakeCase };
        return options;
    }
}
