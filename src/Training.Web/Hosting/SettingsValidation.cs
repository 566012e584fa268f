using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Training.Web.Hosting;

/// <summary>
/// Settings checked at start and, when they are wrong, said as an operator reads them: one line per problem, naming
/// its key (<c>Configuration error: Jobs:Schedules:reminder-sweep '99 99 * * *' is not a cron expression …</c>), and
/// exit code 1 — no stack trace, and nothing written before.
/// </summary>
public static class SettingsValidation
{
    /// <summary>Validates the options' data annotations and <see cref="IValidatableObject"/> rules at start, each
    /// failure in the options' own words (which name the key) rather than wrapped in the framework's sentence.</summary>
    public static OptionsBuilder<T> ValidateSettingsOnStart<T>(this OptionsBuilder<T> builder) where T : class
    {
        builder.Services.AddSingleton<IValidateOptions<T>>(new AnnotationsInOwnWords<T>(builder.Name));
        return builder.ValidateOnStart();
    }

    /// <summary>
    /// True when this process is the app itself (<c>dotnet Training.Web.dll</c>, <c>dotnet run</c>), which then ends
    /// with the lines and exit code 1. Hosted inside another process (the tests' factory, the benchmarks), the exception
    /// goes on to that host instead.
    /// </summary>
    public static bool IsOwnProcess => Assembly.GetEntryAssembly() == typeof(SettingsValidation).Assembly;

    /// <summary>The lines that explain why the app cannot start, or none when the exception is not a setting's fault.</summary>
    public static IReadOnlyList<string> Explain(Exception exception)
    {
        var lines = new List<string>();
        foreach (var ex in exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception])
        {
            switch (ex)
            {
                case OptionsValidationException validation:
                    lines.AddRange(validation.Failures.Select(failure => "Configuration error: " + OneLine(failure)));
                    break;
                case StartupException startup:
                    lines.Add(OneLine(startup.Message));
                    break;
                // The configuration binder: "Failed to convert configuration value 'abc' at 'Jobs:WorkerCount' to type 'System.Int32'."
                case InvalidOperationException binding when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                    lines.Add("Configuration error: " + OneLine(binding.Message));
                    break;
                // A settings file that is not JSON: the file and, from the parser, the line.
                case InvalidDataException file when file.Message.StartsWith("Failed to load configuration from file", StringComparison.Ordinal):
                    lines.Add("Configuration error: " + OneLine(file.Message + (file.InnerException is { } inner ? " " + inner.Message : "")));
                    break;
                default:
                    return [];
            }
        }
        return lines;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed class AnnotationsInOwnWords<T>(string? name) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options)
        {
            if (name is not null && name != optionsName) return ValidateOptionsResult.Skip;
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
                return ValidateOptionsResult.Success;
            return ValidateOptionsResult.Fail(results.Select(r => r.ErrorMessage ?? $"{typeof(T).Name}: {string.Join(", ", r.MemberNames)} is not valid."));
        }
    }
}
