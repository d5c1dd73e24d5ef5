/*
 * tests/kernel/test_multiboot.c - the multiboot2 parser on hand-built boot information
 * (well-formed and broken), and on what GRUB really passed.
 */
#include "kernel/multiboot.h"
#include "tests/ktest.h"

const struct boot_info *boot_information(void);

struct builder {
    uint8_t *buf;
    uint32_t len;
};

static void put32(struct builder *b, uint32_t v)
{
    memcpy(b->buf + b->len, &v, 4);
    b->len += 4;
}

static void put64(struct builder *b, uint64_t v)
{
    memcpy(b->buf + b->len, &v, 8);
    b->len += 8;
}

static void align8(struct builder *b)
{
    while (b->len & 7)
        b->buf[b->len++] = 0;
}

static void tag_string(struct builder *b, uint32_t type, const char *s)
{
    uint32_t n = (uint32_t)strlen(s) + 1;
    put32(b, type);
    put32(b, 8 + n);
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    align8(b);
}

static void tag_rsdp(struct builder *b, uint32_t type, unsigned rev)
{
    uint8_t rsdp[36] = "RSD PTR ";
    uint8_t sum = 0;
    uint32_t n = rev ? 36 : 20;
    rsdp[15] = (uint8_t)rev;
    for (int i = 0; i < 20; i++)
        sum += rsdp[i];
    rsdp[8] = (uint8_t)-sum;                     /* checksum over the first 20 bytes */
    if (rev) {
        rsdp[20] = 36;
        sum = 0;
        for (int i = 0; i < 36; i++)
            sum += rsdp[i];
        rsdp[32] = (uint8_t)-sum;                /* extended checksum */
    }
    put32(b, type);
    put32(b, 8 + n);
    memcpy(b->buf + b->len, rsdp, n);
    b->len += n;
    align8(b);
}

static void tag_module(struct builder *b, uint32_t start, uint32_t end, const char *name)
{
    uint32_t n = (uint32_t)strlen(name) + 1;
    put32(b, MB2_TAG_MODULE);
    put32(b, 16 + n);
    put32(b, start);
    put32(b, end);
    memcpy(b->buf + b->len, name, n);
    b->len += n;
    align8(b);
}

static void finish(struct builder *b)
{
    put32(b, MB2_TAG_END);
    put32(b, 8);
    memcpy(b->buf, &b->len, 4);
}

static uint8_t info_buf[1024] __attribute__((aligned(8)));
static struct boot_info parsed;

static void build_valid(struct builder *b)
{
    b->buf = info_buf;
    b->len = 8;
    tag_string(b, MB2_TAG_CMDLINE, "test=mm.* mm.debug=1");
    tag_string(b, MB2_TAG_LOADER, "GRUB 2.06");
    put32(b, MB2_TAG_MMAP);
    put32(b, 16 + 3 * 24);
    put32(b, 24);
    put32(b, 0);
    put64(b, 0), put64(b, 0x9F000), put32(b, MB2_MEMORY_AVAILABLE), put32(b, 0);
    put64(b, 0xF0000), put64(b, 0x10000), put32(b, 2), put32(b, 0);
    put64(b, 0x100000), put64(b, 0x7F00000), put32(b, MB2_MEMORY_AVAILABLE), put32(b, 0);
    tag_rsdp(b, MB2_TAG_ACPI_NEW, 2);
    tag_rsdp(b, MB2_TAG_ACPI_OLD, 0);            /* the newer RSDP wins whatever the order */
    finish(b);
}

TEST(multiboot, parses_cmdline_mmap_and_rsdp)
{
    struct builder b;
    build_valid(&b);
    ASSERT_NULL(multiboot_parse(MB2_BOOTLOADER_MAGIC, info_buf, &parsed));
    EXPECT_STREQ(parsed.cmdline, "test=mm.* mm.debug=1");
    EXPECT_STREQ(parsed.loader, "GRUB 2.06");
    EXPECT_EQ(parsed.mmap_count, 3);
    EXPECT_EQ(parsed.mmap[2].base, 0x100000);
    EXPECT_EQ(parsed.mmap[1].type, 2);
    EXPECT_EQ(boot_usable_bytes(&parsed), 0x9F000 + 0x7F00000);
    EXPECT_EQ(parsed.rsdp_revision, 2);
    EXPECT_TRUE(parsed.rsdp_checksum_ok);
    EXPECT_EQ(parsed.info_end - parsed.info_start, b.len);
}

TEST(multiboot, rejects_broken_information)
{
    struct builder b;
    uint32_t huge = 0x7FFFFFF0;

    build_valid(&b);
    EXPECT_NOT_NULL(multiboot_parse(0x2BADB002, info_buf, &parsed));         /* multiboot1 magic */
    EXPECT_NOT_NULL(multiboot_parse(MB2_BOOTLOADER_MAGIC, info_buf + 4, &parsed));  /* misaligned */
    /* A tag whose size runs past the end. */
    memcpy(info_buf + 8 + 4, &huge, 4);
    EXPECT_STREQ(multiboot_parse(MB2_BOOTLOADER_MAGIC, info_buf, &parsed),
                 "a boot information tag runs past the end");
    /* No end tag: the total size stops the walk. */
    build_valid(&b);
    b.len -= 8;
    memcpy(info_buf, &b.len, 4);
    EXPECT_STREQ(multiboot_parse(MB2_BOOTLOADER_MAGIC, info_buf, &parsed),
                 "boot information has no end tag");
    /* A corrupted RSDP is parsed but flagged. */
    build_valid(&b);
    info_buf[b.len - 8 - 24 - 36 - 8 + 8 + 9] ^= 0xFF;
    ASSERT_NULL(multiboot_parse(MB2_BOOTLOADER_MAGIC, info_buf, &parsed));
    EXPECT_FALSE(parsed.rsdp_checksum_ok);
}

TEST(multiboot, lists_modules_in_order)
{
    struct builder b = {info_buf, 8};
    tag_string(&b, MB2_TAG_CMDLINE, "");
    tag_module(&b, 0x200000, 0x201234, "pymm.arc");
    tag_module(&b, 0x202000, 0x202000, "user.arc");              /* empty file */
    tag_module(&b, 0x203000, 0x203010, "a-module-name-longer-than-thirty-one-bytes");
    finish(&b);
    ASSERT_NULL(multiboot_parse(MB2_BOOTLOADER_MAGIC, info_buf, &parsed));
    ASSERT_EQ(parsed.module_count, 3);
    EXPECT_EQ(parsed.modules[0].start, 0x200000);
    EXPECT_EQ(parsed.modules[0].end, 0x201234);
    EXPECT_STREQ(parsed.modules[0].name, "pymm.arc");
    EXPECT_STREQ(parsed.modules[1].name, "user.arc");
    EXPECT_EQ(parsed.modules[1].end - parsed.modules[1].start, 0);
    EXPECT_STREQ(parsed.modules[2].name, "a-module-name-longer-than-thirt");
    EXPECT_FALSE(parsed.modules_truncated);

    b.len = 8;
    tag_module(&b, 0x300000, 0x2fffff, "backwards");
    finish(&b);
    EXPECT_STREQ(multiboot_parse(MB2_BOOTLOADER_MAGIC, info_buf, &parsed),
                 "a module tag ends before it starts");
    b.len = 8;
    put32(&b, MB2_TAG_MODULE);
    put32(&b, 12);                                               /* no end address, no string */
    put32(&b, 0x300000);
    align8(&b);
    finish(&b);
    EXPECT_STREQ(multiboot_parse(MB2_BOOTLOADER_MAGIC, info_buf, &parsed),
                 "a module tag is too short");
    b.len = 8;
    for (unsigned i = 0; i < BOOT_MODULES_MAX + 1; i++)
        tag_module(&b, 0x400000 + i * 0x1000, 0x400100 + i * 0x1000, "m");
    finish(&b);
    ASSERT_NULL(multiboot_parse(MB2_BOOTLOADER_MAGIC, info_buf, &parsed));
    EXPECT_EQ(parsed.module_count, BOOT_MODULES_MAX);
    EXPECT_TRUE(parsed.modules_truncated);
}

TEST(multiboot, what_grub_passed)
{
    const struct boot_info *bi = boot_information();
    if (strncmp(bi->cmdline, "test", 4) != 0)
        ktest_skip("checks the boot that ran the suite (boot option test), not a console run");
    EXPECT_GT(bi->mmap_count, 0);
    EXPECT_GT(boot_usable_bytes(bi), 16u << 20);
    EXPECT_NOT_NULL(bi->rsdp);                    /* QEMU's firmware always provides ACPI */
    EXPECT_TRUE(bi->rsdp_checksum_ok);
    EXPECT_TRUE(strncmp(bi->loader, "GRUB", 4) == 0);
    /* boot/grub.cfg loads the program archive built with the ISO as a module. */
    {
        bool archive = false;
        for (unsigned i = 0; i < bi->module_count; i++)
            if (strcmp(bi->modules[i].name, "pymm.arc") == 0 && bi->modules[i].end > bi->modules[i].start)
                archive = true;
        EXPECT_TRUE(archive);
    }
}
