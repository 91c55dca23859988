using System.Buffers.Binary;
using System.Device.I2c;

namespace XrayController.Simulators.Environment;

/// <summary>
/// A Bosch BME280 as an I2C register map, behind <see cref="I2cDevice"/> so that the real <c>Iot.Device.Bmxx80</c>
/// binding reads it as it reads the chip: chip id 0x60 at 0xD0, trimming parameters at 0x88–0xA1 and 0xE1–0xE7 (the
/// datasheet's example values), a register pointer set by a one-byte write, writes of register/value pairs, and a
/// forced measurement (ctrl_meas mode 01 or 10 at 0xF4) that latches raw ADC values for the environment's temperature,
/// pressure and humidity into 0xF7–0xFE and returns the chip to sleep. The raw values are found by inverting the
/// datasheet's compensation formulas, so the binding's own compensation recovers the environment.
/// </summary>
public sealed class SimulatedBme280 : I2cDevice
{
    public const int Address = 0x76;

    private const ushort T1 = 27504;
    private const short T2 = 26435;
    private const short T3 = -1000;
    private const ushort P1 = 36477;
    private const short P2 = -10685;
    private const short P3 = 3024;
    private const short P4 = 2855;
    private const short P5 = 140;
    private const short P6 = -7;
    private const short P7 = 15500;
    private const short P8 = -14600;
    private const short P9 = 6000;
    private const byte H1 = 75;
    private const short H2 = 362;
    private const byte H3 = 0;
    private const short H4 = 313;
    private const short H5 = 50;
    private const sbyte H6 = 30;

    private readonly SimulatedEnvironment _environment;
    private readonly byte[] _registers = new byte[256];
    private readonly Lock _gate = new();
    private byte _pointer;

    public SimulatedBme280(SimulatedEnvironment environment, int busId = 1)
    {
        _environment = environment;
        ConnectionSettings = new I2cConnectionSettings(busId, Address);
        Reset();
    }

    public override I2cConnectionSettings ConnectionSettings { get; }

    public override byte ReadByte()
    {
        lock (_gate)
        {
            return _registers[_pointer++];
        }
    }

    public override void Read(Span<byte> buffer)
    {
        lock (_gate)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = _registers[_pointer++];
            }
        }
    }

    public override void WriteByte(byte value)
    {
        lock (_gate)
        {
            _pointer = value;
        }
    }

    /// <summary>One byte sets the register pointer; more are register/value pairs, as the chip's I2C write takes them.</summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            if (buffer.Length == 1)
            {
                _pointer = buffer[0];
                return;
            }

            for (int i = 0; i + 1 < buffer.Length; i += 2)
            {
                Store(buffer[i], buffer[i + 1]);
            }
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }

    private void Store(byte register, byte value)
    {
        switch (register)
        {
            case 0xE0 when value == 0xB6:
                Reset();
                break;
            case 0xF4:
                _registers[0xF4] = value;
                if ((value & 0x03) is 0x01 or 0x02)
                {
                    Measure();
                    _registers[0xF4] = (byte)(value & 0xFC);
                }

                break;
            case 0xF2 or 0xF5:
                _registers[register] = value;
                break;
            default:
                break;
        }
    }

    private void Reset()
    {
        Array.Clear(_registers);
        _registers[0xD0] = 0x60;
        Span<byte> r = _registers;
        BinaryPrimitives.WriteUInt16LittleEndian(r[0x88..], T1);
        BinaryPrimitives.WriteInt16LittleEndian(r[0x8A..], T2);
        BinaryPrimitives.WriteInt16LittleEndian(r[0x8C..], T3);
        BinaryPrimitives.WriteUInt16LittleEndian(r[0x8E..], P1);
        short[] p = [P2, P3, P4, P5, P6, P7, P8, P9];
        for (int i = 0; i < p.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(r[(0x90 + (2 * i))..], p[i]);
        }

        r[0xA1] = H1;
        BinaryPrimitives.WriteInt16LittleEndian(r[0xE1..], H2);
        r[0xE3] = H3;
        r[0xE4] = (byte)(H4 >> 4);
        r[0xE5] = (byte)((H4 & 0x0F) | ((H5 & 0x0F) << 4));
        r[0xE6] = (byte)(H5 >> 4);
        r[0xE7] = unchecked((byte)H6);
        _pointer = 0;
    }

    /// <summary>Latches raw values whose compensation gives the environment's state now.</summary>
    private void Measure()
    {
        double celsius = _environment.TemperatureC();
        int adcT = Invert(a => Temperature(a).Celsius, celsius, increasing: true);
        double tFine = Temperature(adcT).TFine;
        int adcP = Invert(a => Pressure(a, tFine), SimulatedEnvironment.PressurePa, increasing: false);
        int adcH = Invert(a => Humidity(a, tFine), SimulatedEnvironment.HumidityPercent, increasing: true, bits: 16);
        Span<byte> r = _registers;
        Put20(r[0xF7..], adcP);
        Put20(r[0xFA..], adcT);
        r[0xFD] = (byte)(adcH >> 8);
        r[0xFE] = (byte)adcH;
    }

    private static void Put20(Span<byte> at, int value)
    {
        at[0] = (byte)(value >> 12);
        at[1] = (byte)(value >> 4);
        at[2] = (byte)((value & 0x0F) << 4);
    }

    /// <summary>The raw ADC value (20 bits, or <paramref name="bits"/>) whose compensated value is nearest <paramref name="target"/>, by bisection.</summary>
    private static int Invert(Func<int, double> compensate, double target, bool increasing, int bits = 20)
    {
        int low = 0;
        int high = (1 << bits) - 1;
        while (high - low > 1)
        {
            int middle = (low + high) / 2;
            if ((compensate(middle) < target) == increasing)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return Math.Abs(compensate(low) - target) <= Math.Abs(compensate(high) - target) ? low : high;
    }

    /// <summary>The datasheet's floating-point temperature compensation.</summary>
    private static (double Celsius, double TFine) Temperature(int adc)
    {
        double var1 = ((adc / 16384.0) - (T1 / 1024.0)) * T2;
        double var2 = ((adc / 131072.0) - (T1 / 8192.0)) * ((adc / 131072.0) - (T1 / 8192.0)) * T3;
        double tFine = var1 + var2;
        return (tFine / 5120.0, tFine);
    }

    private static double Pressure(int adc, double tFine)
    {
        double var1 = (tFine / 2.0) - 64000.0;
        double var2 = var1 * var1 * P6 / 32768.0;
        var2 += var1 * P5 * 2.0;
        var2 = (var2 / 4.0) + (P4 * 65536.0);
        var1 = ((P3 * var1 * var1 / 524288.0) + (P2 * var1)) / 524288.0;
        var1 = (1.0 + (var1 / 32768.0)) * P1;
        double p = 1048576.0 - adc;
        p = (p - (var2 / 4096.0)) * 6250.0 / var1;
        var1 = P9 * p * p / 2147483648.0;
        var2 = p * P8 / 32768.0;
        return p + ((var1 + var2 + P7) / 16.0);
    }

    private static double Humidity(int adc, double tFine)
    {
        double h = tFine - 76800.0;
        h = (adc - ((H4 * 64.0) + (H5 / 16384.0 * h))) * (H2 / 65536.0 * (1.0 + (H6 / 67108864.0 * h * (1.0 + (H3 / 67108864.0 * h)))));
        return h * (1.0 - (H1 * h / 524288.0));
    }
}
