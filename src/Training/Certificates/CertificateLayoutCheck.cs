using System.Text.Json;
using Microsoft.Extensions.Options;
using Training.Configuration;

namespace Training.Certificates;

/// <summary>
/// <c>Certificates:Layout</c> checked at start: the layout file is there in the templates folder, reads as a layout,
/// and the images it draws are beside it — rather than every certificate failing later with the same reason.
/// </summary>
public sealed class CertificateLayoutCheck(IOptions<TemplatesOptions> templates) : IValidateOptions<CertificateOptions>
{
    public ValidateOptionsResult Validate(string? name, CertificateOptions options)
    {
        if (name != Options.DefaultName || string.IsNullOrWhiteSpace(options.Layout)) return ValidateOptionsResult.Skip;
        string directory;
        try
        {
            directory = Path.Combine(templates.Value.Directory, "certificates");
        }
        catch (OptionsValidationException)
        {
            return ValidateOptionsResult.Skip; // Templates:Directory is wrong, and says so itself.
        }
        var path = Path.Combine(directory, options.Layout + ".json");
        if (!File.Exists(path))
        {
            var layouts = Directory.Exists(directory)
                ? string.Join(", ", Directory.EnumerateFiles(directory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
                : "";
            return ValidateOptionsResult.Fail($"Certificates:Layout '{options.Layout}' has no file {path}" +
                (layouts.Length > 0 ? $"; the layouts there are: {layouts}." : "."));
        }
        CertificateLayout layout;
        try
        {
            layout = CertificateLayout.Load(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or IOException)
        {
            return ValidateOptionsResult.Fail($"Certificates:Layout '{options.Layout}' cannot be read: {ex.Message}");
        }
        var missing = layout.Elements.Where(e => e.Image is not null && !File.Exists(Path.Combine(directory, Path.GetFileName(e.Image))))
            .Select(e => e.Image!).ToList();
        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Certificates:Layout '{options.Layout}' draws {string.Join(", ", missing)}, which is not in {directory}.");
    }
}
