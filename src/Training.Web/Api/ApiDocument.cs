using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Training.Web.Api;

/// <summary>
/// What the generated OpenAPI document cannot know by itself: the forms a birth year may take, and what each 409
/// code means. Enums are strings and times carry their offset through the JSON options and the types themselves.
/// </summary>
public static class ApiDocument
{
    public const string Description = "The public schedule of courses and activities, the city's districts and programs, registration " +
        "for residents, and certificate verification, for other municipal systems. Every time carries the site's UTC offset " +
        "(2026-12-09T10:00:00+09:00) and is in its time zone; dates are YYYY-MM-DD (the site's calendar day). Enumerations are " +
        "strings. Errors are RFC 9457 problem details: every 400 is a validation problem whose `errors` name the parameter or " +
        "field. No authentication: every operation is public and rate-limited per address.";

    public static OpenApiOptions AddApiSchemaDetails(this OpenApiOptions options) => options.AddSchemaTransformer((schema, context, _) =>
    {
        // An enumeration's values are strings (JsonStringEnumConverter), and the document says so.
        if (context.JsonTypeInfo.Type is { IsEnum: true } && schema.Enum is { Count: > 0 } && schema.Type is null)
            schema.Type = JsonSchemaType.String;
        if (context.JsonPropertyInfo?.CustomConverter is PublicApi.YearTextConverter)
        {
            // The converter reads text (or an old client's number); the document says text, with its forms.
            schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
            schema.MaxLength = Training.People.PersonInput.BirthYearMaxLength;
            schema.Description = PublicApi.BirthYearDescription;
            schema.Examples = [JsonValue.Create("1950"), JsonValue.Create("昭和25年"), JsonValue.Create("S25"), JsonValue.Create("平成元年")];
        }
        else if (context.JsonTypeInfo.Type == typeof(RegistrationConflictCode))
        {
            schema.Description = RegistrationConflicts.Description;
            schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            schema.Extensions["x-enum-descriptions"] = new JsonNodeExtension(new JsonArray(
                RegistrationConflicts.All.Select(c => (JsonNode?)JsonValue.Create(c.Meaning)).ToArray()));
        }
        else if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Type == typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))
        {
            schema.Description = "A validation problem (RFC 9457): `errors` holds, for each parameter or body field that was wrong " +
                "(named as in this document), what was wrong with it.";
        }
        return Task.CompletedTask;
    });
}
