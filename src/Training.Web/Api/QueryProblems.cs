using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Training.Web.Api;

/// <summary>
/// A query value the framework cannot bind ("abc" for a number, a required one left out) is answered like every other
/// 400 of the API: a validation problem whose <c>errors</c> name the parameter, instead of a bare 400.
/// </summary>
public static class QueryProblems
{
    public static RouteGroupBuilder AnswerBadQueriesAsValidationProblems(this RouteGroupBuilder group)
    {
        group.AddEndpointFilterFactory((factory, next) =>
        {
            var parameters = factory.MethodInfo.GetParameters().Where(IsSimple).ToArray();
            if (parameters.Length == 0) return next;
            return async context =>
            {
                var result = await next(context);
                // The framework's answer to a parameter it could not bind: status 400 and an empty result.
                if (result is not EmptyHttpResult || context.HttpContext.Response.StatusCode != StatusCodes.Status400BadRequest) return result;
                var errors = parameters.Select(p => (p.Name!, Message: Problem(p, context.HttpContext.Request)))
                    .Where(e => e.Message is not null).ToDictionary(e => e.Item1, e => new[] { e.Message! });
                if (errors.Count == 0) errors[""] = ["The request could not be read."];
                return TypedResults.ValidationProblem(errors);
            };
        });
        return group;
    }

    private static bool IsSimple(ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(DateOnly) || type == typeof(decimal);
    }

    /// <summary>What is wrong with this parameter's value in the request, or null when nothing is.</summary>
    private static string? Problem(ParameterInfo parameter, HttpRequest request)
    {
        var name = parameter.Name!;
        if (request.RouteValues.ContainsKey(name)) return null;
        var raw = request.Query[name];
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var optional = parameter.HasDefaultValue || Nullable.GetUnderlyingType(parameter.ParameterType) is not null
            || (type == typeof(string) && new NullabilityInfoContext().Create(parameter).WriteState != NullabilityState.NotNull);
        if (raw.Count == 0 || string.IsNullOrEmpty(raw[0])) return optional ? null : $"'{name}' is required.";
        if (raw.Count > 1) return $"'{name}' is given more than once.";
        if (type == typeof(string) || Parses(type, raw[0]!)) return null;
        return $"'{name}' must be {Kind(type)}.";
    }

    private static bool Parses(Type type, string text)
    {
        if (type.IsEnum) return Enum.TryParse(type, text, ignoreCase: true, out _);
        // As the framework binds: TryParse with the invariant culture where the type has one, else plain TryParse.
        if (type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]) is { } withCulture)
            return (bool)withCulture.Invoke(null, [text, CultureInfo.InvariantCulture, null])!;
        if (type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]) is { } plain)
            return (bool)plain.Invoke(null, [text, null])!;
        return true;
    }

    private static string Kind(Type type) =>
        type == typeof(bool) ? "true or false"
        : type == typeof(DateOnly) ? "a date as YYYY-MM-DD"
        : type == typeof(int) || type == typeof(long) || type == typeof(short) ? "a whole number"
        : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type))
        : "a " + type.Name;
}
