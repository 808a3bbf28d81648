using System.Globalization;
using System.Runtime.InteropServices;

namespace FerEdge.Host.Profiling;

/// <summary>What a profile ran on: CPU, cores usable by the process, OS, runtime and load at the start.</summary>
public sealed record MachineInfo(string Cpu, int UsableCores, int MachineCores, string OperatingSystem, string Runtime, string Architecture, string LoadAverage)
{
    /// <summary>Reads the current machine (Linux /proc where available).</summary>
    public static MachineInfo Current()
    {
        var cpu = "unknown";
        var cores = Environment.ProcessorCount;
        if (File.Exists("/proc/cpuinfo"))
        {
            var lines = File.ReadAllLines("/proc/cpuinfo");
            cores = 0;
            foreach (var line in lines)
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    cores++;
                    cpu = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }

        var load = File.Exists("/proc/loadavg")
            ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3))
            : "unknown";
        return new MachineInfo(
            cpu,
            Environment.ProcessorCount,
            Math.Max(cores, Environment.ProcessorCount),
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSArchitecture.ToString().ToLower(CultureInfo.InvariantCulture),
            load);
    }
}
