"""Reads and edits Jailhouse .cell files (config revision 14) on the host,
so scenarios can hand the target deliberately broken configurations."""

import struct

SYSTEM_HDR = 12            # signature[5], architecture, revision, flags
HV_MEMORY = SYSTEM_HDR     # struct jailhouse_memory hypervisor_memory
DEBUG_CONSOLE = HV_MEMORY + 32  # struct jailhouse_console debug_console
CELL_DESC_SIZE = 132
# struct jailhouse_system ends with the root cell's descriptor (whose
# signature the system configs leave empty)
ROOT_CELL = 356
MEMORY_SIZE = 32           # phys_start, virt_start, size, flags
CACHE_SIZE = 12            # struct jailhouse_cache
IRQCHIP_SIZE = 32          # address, id, pin_base, pin_bitmap[4]
PIO_SIZE = 4               # struct jailhouse_pio
PCI_DEVICE_SIZE = 56       # struct jailhouse_pci_device
# offsets in struct jailhouse_pci_device
PCI_DOMAIN = 2
PCI_BDF = 4
# platform_info of struct jailhouse_system
PCI_MMCONFIG_BASE = 76
PCI_DOMAIN_OF_SYSTEM = 86
PCI_SHMEM_DEV_ID = 52
PCI_SHMEM_PEERS = 53
GICR_BASE = 348            # platform_info.arm.gicr_base


class CellFile:
    def __init__(self, data):
        self.data = bytearray(data)
        if self.data[:5] == b"JHSYS":
            self.cell = ROOT_CELL
        else:
            self.cell = 0

    def u32(self, off):
        return struct.unpack_from("<I", self.data, off)[0]

    @property
    def cpu_set_size(self):
        return self.u32(self.cell + 48)

    @property
    def num_memory_regions(self):
        return self.u32(self.cell + 52)

    def count(self, field):
        """num_<field> of the cell descriptor"""
        at = {"memory_regions": 52, "cache_regions": 56, "irqchips": 60,
              "pio_regions": 64, "pci_devices": 68}[field]
        return self.u32(self.cell + at)

    def pci_device_offset(self, index):
        assert index < self.count("pci_devices")
        return (self.cell + CELL_DESC_SIZE + self.cpu_set_size +
                self.count("memory_regions") * MEMORY_SIZE +
                self.count("cache_regions") * CACHE_SIZE +
                self.count("irqchips") * IRQCHIP_SIZE +
                self.count("pio_regions") * PIO_SIZE +
                index * PCI_DEVICE_SIZE)

    def set_pci_u8(self, index, field, value):
        """One byte field of PCI device @index (PCI_SHMEM_*)."""
        self.data[self.pci_device_offset(index) + field] = value

    def set_pci_u16(self, index, field, value):
        """A 16-bit field of PCI device @index (PCI_DOMAIN, PCI_BDF)."""
        struct.pack_into("<H", self.data,
                         self.pci_device_offset(index) + field, value)

    def set_pci_platform(self, mmconfig_base=None, domain=None):
        """platform_info's virtual PCI host of a system config"""
        if mmconfig_base is not None:
            struct.pack_into("<Q", self.data, PCI_MMCONFIG_BASE,
                             mmconfig_base)
        if domain is not None:
            struct.pack_into("<H", self.data, PCI_DOMAIN_OF_SYSTEM, domain)

    def duplicate_pci_device(self, index):
        """Appends a copy of PCI device @index; what follows moves."""
        at = self.pci_device_offset(index)
        dev = self.data[at:at + PCI_DEVICE_SIZE]
        end = self.pci_device_offset(self.count("pci_devices") - 1) + \
            PCI_DEVICE_SIZE
        self.data[end:end] = dev
        struct.pack_into("<I", self.data, self.cell + 68,
                         self.count("pci_devices") + 1)

    @property
    def vpci_irq_base(self):
        return self.u32(self.cell + 80)

    def set_vpci_irq_base(self, base):
        struct.pack_into("<I", self.data, self.cell + 80, base)

    def region_offset(self, index):
        assert index < self.num_memory_regions
        return (self.cell + CELL_DESC_SIZE + self.cpu_set_size +
                index * MEMORY_SIZE)

    def region(self, index):
        return struct.unpack_from("<QQQQ", self.data,
                                  self.region_offset(index))

    def set_region(self, index, phys, virt, size, flags):
        struct.pack_into("<QQQQ", self.data, self.region_offset(index),
                         phys, virt, size, flags)

    def hypervisor_memory(self):
        return struct.unpack_from("<QQQQ", self.data, HV_MEMORY)

    def set_hypervisor_memory(self, phys, size):
        _, virt, _, flags = self.hypervisor_memory()
        struct.pack_into("<QQQQ", self.data, HV_MEMORY, phys, virt, size,
                         flags)

    def gicr_base(self):
        return struct.unpack_from("<Q", self.data, GICR_BASE)[0]

    def set_gicr_base(self, addr):
        struct.pack_into("<Q", self.data, GICR_BASE, addr)

    def set_revision(self, rev):
        struct.pack_into("<H", self.data, 6, rev)

    def set_signature(self, sig):
        self.data[0:5] = sig

    def bytes(self):
        return bytes(self.data)

    def set_name(self, name):
        field = name.encode().ljust(32, b"\0")[:32]
        self.data[self.cell + 8:self.cell + 40] = field

    def cpus(self):
        """The CPU set as an integer bit mask (bit n: CPU n)."""
        off = self.cell + CELL_DESC_SIZE
        return int.from_bytes(self.data[off:off + self.cpu_set_size],
                              "little")

    def set_cpus(self, mask, size=None):
        """Sets the CPU set (root cell's for a system config) to mask.
        size, in bytes (a multiple of 8), grows or shrinks the bitmap;
        the arrays behind it move along.  Default: as big as it is, or
        as big as mask needs if that is more."""
        old = self.cpu_set_size
        if size is None:
            size = max(old, (mask.bit_length() + 63) // 64 * 8)
        assert size % 8 == 0 and mask < 1 << (8 * size), (mask, size)
        off = self.cell + CELL_DESC_SIZE
        self.data[off:off + old] = mask.to_bytes(size, "little")
        struct.pack_into("<I", self.data, self.cell + 48, size)

    def add_region(self, phys, virt, size, flags):
        """Appends a memory region; the arrays after it move along."""
        end = self.cell + CELL_DESC_SIZE + self.cpu_set_size + \
            self.num_memory_regions * MEMORY_SIZE
        self.data[end:end] = struct.pack("<QQQQ", phys, virt, size, flags)
        struct.pack_into("<I", self.data, self.cell + 52,
                         self.num_memory_regions + 1)

    def set_debug_console(self, address, size, con_type, flags):
        """The system config's debug console (jailhouse_console)."""
        struct.pack_into("<QIHH", self.data, DEBUG_CONSOLE, address, size,
                         con_type, flags)

    @property
    def cell_flags(self):
        return self.u32(self.cell + 44)

    def set_cell_flags(self, flags):
        struct.pack_into("<I", self.data, self.cell + 44, flags)

    CELL_CONSOLE = 100      # struct jailhouse_console in the descriptor
    CONSOLE_SIZE = 32

    def cell_console(self):
        at = self.cell + self.CELL_CONSOLE
        return bytes(self.data[at:at + self.CONSOLE_SIZE])

    def set_cell_console(self, raw):
        """A cell's console (jailhouse_console, raw bytes of another
        cell file's)."""
        at = self.cell + self.CELL_CONSOLE
        self.data[at:at + self.CONSOLE_SIZE] = raw
