using Functional.Native;
using TorchSharp;
using Xunit;

namespace Functional.Tests.Native;

public sealed class DeviceChoiceTests
{
    static torch.Device Chosen(string? choice) =>
        DeviceChoice.Resolve(choice).Match(device => device, error => throw new Xunit.Sdk.XunitException($"--device {choice}: {error.Message}"));

    static string Refusal(string choice) =>
        DeviceChoice.Resolve(choice).Match(device => throw new Xunit.Sdk.XunitException($"--device {choice} resolved to {device}"), error => error.Message);

    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void Cpu_is_the_cpu(string choice) =>
        Assert.Equal(DeviceType.CPU, Chosen(choice).type);

    [Theory]
    [InlineData(null)]
    [InlineData("auto")]
    public void Auto_is_cuda_exactly_where_cuda_is_available(string? choice) =>
        Assert.Equal(torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, Chosen(choice).type);

    [Theory]
    [InlineData("bogus")]
    [InlineData("gpu")]
    [InlineData("")]
    public void An_unknown_device_is_refused_by_name(string choice)
    {
        var message = Refusal(choice);

        Assert.Contains($"'{choice}'", message);
        Assert.Contains("auto, cpu, cuda, cuda:N", message);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    public void Cuda_without_cuda_is_refused_with_the_way_out(string choice)
    {
        if (torch.cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, Chosen(choice).type);
            return;
        }

        var message = Refusal(choice);

        Assert.Contains(choice, message);
        Assert.Contains("CUDA is not available", message);
        Assert.Contains("--device cpu", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void A_cuda_index_past_the_last_device_is_refused()
    {
        var message = Refusal("cuda:99");

        Assert.Contains("cuda:99", message);
    }
}
