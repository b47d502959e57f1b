using static Reelforge.Rendering.Compose.FilterGraph;

namespace Reelforge.Rendering.Motion;

/// <summary>
/// Easing curves, twice: in C# for what Skia paints (opacity, scale, blur, reveals) and as FFmpeg
/// expressions for what overlay moves (positions), so both follow the same curve.
/// </summary>
internal static class Easing
{
    private const double Back = 1.70158;

    public static double Apply(string easing, double p)
    {
        p = Math.Clamp(p, 0, 1);
        return easing switch
        {
            "linear" => p,
            "ease-in" => p * p * p,
            "ease-in-out" => p < 0.5 ? 4 * p * p * p : 1 - Math.Pow(-2 * p + 2, 3) / 2,
            "back" => 1 + (Back + 1) * Math.Pow(p - 1, 3) + Back * Math.Pow(p - 1, 2),
            "bounce" => Bounce(p),
            _ => 1 - Math.Pow(1 - p, 3),
        };
    }

    /// <summary>The same curve of <paramref name="p"/> (an FFmpeg expression already clipped to 0-1).</summary>
    public static string Expression(string easing, string p) => easing switch
    {
        "linear" => p,
        "ease-in" => $"pow({p},3)",
        "ease-in-out" => $"if(lt({p},0.5),4*pow({p},3),1-pow(-2*{p}+2,3)/2)",
        "back" => $"(1+{N(Back + 1)}*pow({p}-1,3)+{N(Back)}*pow({p}-1,2))",
        "bounce" => $"if(lt({p},{N(1 / 2.75)}),7.5625*pow({p},2),if(lt({p},{N(2 / 2.75)}),7.5625*pow({p}-{N(1.5 / 2.75)},2)+0.75," +
                    $"if(lt({p},{N(2.5 / 2.75)}),7.5625*pow({p}-{N(2.25 / 2.75)},2)+0.9375,7.5625*pow({p}-{N(2.625 / 2.75)},2)+0.984375)))",
        _ => $"(1-pow(1-{p},3))",
    };

    /// <summary>A ball dropped on the floor: three bounces, each lower (Penner's ease-out bounce).</summary>
    private static double Bounce(double p)
    {
        const double N1 = 7.5625, D1 = 2.75;
        return p < 1 / D1 ? N1 * p * p
            : p < 2 / D1 ? N1 * (p -= 1.5 / D1) * p + 0.75
            : p < 2.5 / D1 ? N1 * (p -= 2.25 / D1) * p + 0.9375
            : N1 * (p -= 2.625 / D1) * p + 0.984375;
    }

}
