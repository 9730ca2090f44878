namespace Pkcs11Phone.Interop;

/// <summary>
/// CK_MECHANISM_TYPE values (CKM_*), PKCS#11 v2.40 and v3.0.
/// Where two names share a value, the current name comes first and the older alias after it.
/// </summary>
public static class CKM
{
    // RSA
    public const nuint RSA_PKCS_KEY_PAIR_GEN = 0x00000000;
    public const nuint RSA_PKCS = 0x00000001;
    public const nuint RSA_9796 = 0x00000002;
    public const nuint RSA_X_509 = 0x00000003;
    public const nuint MD2_RSA_PKCS = 0x00000004;
    public const nuint MD5_RSA_PKCS = 0x00000005;
    public const nuint SHA1_RSA_PKCS = 0x00000006;
    public const nuint RIPEMD128_RSA_PKCS = 0x00000007;
    public const nuint RIPEMD160_RSA_PKCS = 0x00000008;
    public const nuint RSA_PKCS_OAEP = 0x00000009;
    public const nuint RSA_X9_31_KEY_PAIR_GEN = 0x0000000A;
    public const nuint RSA_X9_31 = 0x0000000B;
    public const nuint SHA1_RSA_X9_31 = 0x0000000C;
    public const nuint RSA_PKCS_PSS = 0x0000000D;
    public const nuint SHA1_RSA_PKCS_PSS = 0x0000000E;

    // DSA
    public const nuint DSA_KEY_PAIR_GEN = 0x00000010;
    public const nuint DSA = 0x00000011;
    public const nuint DSA_SHA1 = 0x00000012;
    public const nuint DSA_SHA224 = 0x00000013;
    public const nuint DSA_SHA256 = 0x00000014;
    public const nuint DSA_SHA384 = 0x00000015;
    public const nuint DSA_SHA512 = 0x00000016;
    public const nuint DSA_SHA3_224 = 0x00000018;
    public const nuint DSA_SHA3_256 = 0x00000019;
    public const nuint DSA_SHA3_384 = 0x0000001A;
    public const nuint DSA_SHA3_512 = 0x0000001B;

    // Diffie-Hellman
    public const nuint DH_PKCS_KEY_PAIR_GEN = 0x00000020;
    public const nuint DH_PKCS_DERIVE = 0x00000021;
    public const nuint X9_42_DH_KEY_PAIR_GEN = 0x00000030;
    public const nuint X9_42_DH_DERIVE = 0x00000031;
    public const nuint X9_42_DH_HYBRID_DERIVE = 0x00000032;
    public const nuint X9_42_MQV_DERIVE = 0x00000033;

    // RSA with SHA-2 and SHA-3
    public const nuint SHA256_RSA_PKCS = 0x00000040;
    public const nuint SHA384_RSA_PKCS = 0x00000041;
    public const nuint SHA512_RSA_PKCS = 0x00000042;
    public const nuint SHA256_RSA_PKCS_PSS = 0x00000043;
    public const nuint SHA384_RSA_PKCS_PSS = 0x00000044;
    public const nuint SHA512_RSA_PKCS_PSS = 0x00000045;
    public const nuint SHA224_RSA_PKCS = 0x00000046;
    public const nuint SHA224_RSA_PKCS_PSS = 0x00000047;
    public const nuint SHA512_224 = 0x00000048;
    public const nuint SHA512_224_HMAC = 0x00000049;
    public const nuint SHA512_224_HMAC_GENERAL = 0x0000004A;
    public const nuint SHA512_224_KEY_DERIVATION = 0x0000004B;
    public const nuint SHA512_256 = 0x0000004C;
    public const nuint SHA512_256_HMAC = 0x0000004D;
    public const nuint SHA512_256_HMAC_GENERAL = 0x0000004E;
    public const nuint SHA512_256_KEY_DERIVATION = 0x0000004F;
    public const nuint SHA512_T = 0x00000050;
    public const nuint SHA512_T_HMAC = 0x00000051;
    public const nuint SHA512_T_HMAC_GENERAL = 0x00000052;
    public const nuint SHA512_T_KEY_DERIVATION = 0x00000053;
    public const nuint SHA3_256_RSA_PKCS = 0x00000060;
    public const nuint SHA3_384_RSA_PKCS = 0x00000061;
    public const nuint SHA3_512_RSA_PKCS = 0x00000062;
    public const nuint SHA3_256_RSA_PKCS_PSS = 0x00000063;
    public const nuint SHA3_384_RSA_PKCS_PSS = 0x00000064;
    public const nuint SHA3_512_RSA_PKCS_PSS = 0x00000065;
    public const nuint SHA3_224_RSA_PKCS = 0x00000066;
    public const nuint SHA3_224_RSA_PKCS_PSS = 0x00000067;

    // RC2, RC4, DES, 3DES, CDMF
    public const nuint RC2_KEY_GEN = 0x00000100;
    public const nuint RC2_ECB = 0x00000101;
    public const nuint RC2_CBC = 0x00000102;
    public const nuint RC2_MAC = 0x00000103;
    public const nuint RC2_MAC_GENERAL = 0x00000104;
    public const nuint RC2_CBC_PAD = 0x00000105;
    public const nuint RC4_KEY_GEN = 0x00000110;
    public const nuint RC4 = 0x00000111;
    public const nuint DES_KEY_GEN = 0x00000120;
    public const nuint DES_ECB = 0x00000121;
    public const nuint DES_CBC = 0x00000122;
    public const nuint DES_MAC = 0x00000123;
    public const nuint DES_MAC_GENERAL = 0x00000124;
    public const nuint DES_CBC_PAD = 0x00000125;
    public const nuint DES2_KEY_GEN = 0x00000130;
    public const nuint DES3_KEY_GEN = 0x00000131;
    public const nuint DES3_ECB = 0x00000132;
    public const nuint DES3_CBC = 0x00000133;
    public const nuint DES3_MAC = 0x00000134;
    public const nuint DES3_MAC_GENERAL = 0x00000135;
    public const nuint DES3_CBC_PAD = 0x00000136;
    public const nuint DES3_CMAC_GENERAL = 0x00000137;
    public const nuint DES3_CMAC = 0x00000138;
    public const nuint CDMF_KEY_GEN = 0x00000140;
    public const nuint CDMF_ECB = 0x00000141;
    public const nuint CDMF_CBC = 0x00000142;
    public const nuint CDMF_MAC = 0x00000143;
    public const nuint CDMF_MAC_GENERAL = 0x00000144;
    public const nuint CDMF_CBC_PAD = 0x00000145;
    public const nuint DES_OFB64 = 0x00000150;
    public const nuint DES_OFB8 = 0x00000151;
    public const nuint DES_CFB64 = 0x00000152;
    public const nuint DES_CFB8 = 0x00000153;

    // Digests and HMAC
    public const nuint MD2 = 0x00000200;
    public const nuint MD2_HMAC = 0x00000201;
    public const nuint MD2_HMAC_GENERAL = 0x00000202;
    public const nuint MD5 = 0x00000210;
    public const nuint MD5_HMAC = 0x00000211;
    public const nuint MD5_HMAC_GENERAL = 0x00000212;
    public const nuint SHA_1 = 0x00000220;
    public const nuint SHA_1_HMAC = 0x00000221;
    public const nuint SHA_1_HMAC_GENERAL = 0x00000222;
    public const nuint RIPEMD128 = 0x00000230;
    public const nuint RIPEMD128_HMAC = 0x00000231;
    public const nuint RIPEMD128_HMAC_GENERAL = 0x00000232;
    public const nuint RIPEMD160 = 0x00000240;
    public const nuint RIPEMD160_HMAC = 0x00000241;
    public const nuint RIPEMD160_HMAC_GENERAL = 0x00000242;
    public const nuint SHA256 = 0x00000250;
    public const nuint SHA256_HMAC = 0x00000251;
    public const nuint SHA256_HMAC_GENERAL = 0x00000252;
    public const nuint SHA224 = 0x00000255;
    public const nuint SHA224_HMAC = 0x00000256;
    public const nuint SHA224_HMAC_GENERAL = 0x00000257;
    public const nuint SHA384 = 0x00000260;
    public const nuint SHA384_HMAC = 0x00000261;
    public const nuint SHA384_HMAC_GENERAL = 0x00000262;
    public const nuint SHA512 = 0x00000270;
    public const nuint SHA512_HMAC = 0x00000271;
    public const nuint SHA512_HMAC_GENERAL = 0x00000272;
    public const nuint SECURID_KEY_GEN = 0x00000280;
    public const nuint SECURID = 0x00000282;
    public const nuint HOTP_KEY_GEN = 0x00000290;
    public const nuint HOTP = 0x00000291;
    public const nuint ACTI = 0x000002A0;
    public const nuint ACTI_KEY_GEN = 0x000002A1;
    public const nuint SHA3_256 = 0x000002B0;
    public const nuint SHA3_256_HMAC = 0x000002B1;
    public const nuint SHA3_256_HMAC_GENERAL = 0x000002B2;
    public const nuint SHA3_256_KEY_GEN = 0x000002B3;
    public const nuint SHA3_224 = 0x000002B5;
    public const nuint SHA3_224_HMAC = 0x000002B6;
    public const nuint SHA3_224_HMAC_GENERAL = 0x000002B7;
    public const nuint SHA3_224_KEY_GEN = 0x000002B8;
    public const nuint SHA3_384 = 0x000002C0;
    public const nuint SHA3_384_HMAC = 0x000002C1;
    public const nuint SHA3_384_HMAC_GENERAL = 0x000002C2;
    public const nuint SHA3_384_KEY_GEN = 0x000002C3;
    public const nuint SHA3_512 = 0x000002D0;
    public const nuint SHA3_512_HMAC = 0x000002D1;
    public const nuint SHA3_512_HMAC_GENERAL = 0x000002D2;
    public const nuint SHA3_512_KEY_GEN = 0x000002D3;

    // CAST, RC5, IDEA
    public const nuint CAST_KEY_GEN = 0x00000300;
    public const nuint CAST_ECB = 0x00000301;
    public const nuint CAST_CBC = 0x00000302;
    public const nuint CAST_MAC = 0x00000303;
    public const nuint CAST_MAC_GENERAL = 0x00000304;
    public const nuint CAST_CBC_PAD = 0x00000305;
    public const nuint CAST3_KEY_GEN = 0x00000310;
    public const nuint CAST3_ECB = 0x00000311;
    public const nuint CAST3_CBC = 0x00000312;
    public const nuint CAST3_MAC = 0x00000313;
    public const nuint CAST3_MAC_GENERAL = 0x00000314;
    public const nuint CAST3_CBC_PAD = 0x00000315;
    public const nuint CAST128_KEY_GEN = 0x00000320;
    public const nuint CAST5_KEY_GEN = 0x00000320;
    public const nuint CAST128_ECB = 0x00000321;
    public const nuint CAST5_ECB = 0x00000321;
    public const nuint CAST128_CBC = 0x00000322;
    public const nuint CAST5_CBC = 0x00000322;
    public const nuint CAST128_MAC = 0x00000323;
    public const nuint CAST5_MAC = 0x00000323;
    public const nuint CAST128_MAC_GENERAL = 0x00000324;
    public const nuint CAST5_MAC_GENERAL = 0x00000324;
    public const nuint CAST128_CBC_PAD = 0x00000325;
    public const nuint CAST5_CBC_PAD = 0x00000325;
    public const nuint RC5_KEY_GEN = 0x00000330;
    public const nuint RC5_ECB = 0x00000331;
    public const nuint RC5_CBC = 0x00000332;
    public const nuint RC5_MAC = 0x00000333;
    public const nuint RC5_MAC_GENERAL = 0x00000334;
    public const nuint RC5_CBC_PAD = 0x00000335;
    public const nuint IDEA_KEY_GEN = 0x00000340;
    public const nuint IDEA_ECB = 0x00000341;
    public const nuint IDEA_CBC = 0x00000342;
    public const nuint IDEA_MAC = 0x00000343;
    public const nuint IDEA_MAC_GENERAL = 0x00000344;
    public const nuint IDEA_CBC_PAD = 0x00000345;

    // Generic secret keys, key derivation, SSL/TLS
    public const nuint GENERIC_SECRET_KEY_GEN = 0x00000350;
    public const nuint CONCATENATE_BASE_AND_KEY = 0x00000360;
    public const nuint CONCATENATE_BASE_AND_DATA = 0x00000362;
    public const nuint CONCATENATE_DATA_AND_BASE = 0x00000363;
    public const nuint XOR_BASE_AND_DATA = 0x00000364;
    public const nuint EXTRACT_KEY_FROM_KEY = 0x00000365;
    public const nuint SSL3_PRE_MASTER_KEY_GEN = 0x00000370;
    public const nuint SSL3_MASTER_KEY_DERIVE = 0x00000371;
    public const nuint SSL3_KEY_AND_MAC_DERIVE = 0x00000372;
    public const nuint SSL3_MASTER_KEY_DERIVE_DH = 0x00000373;
    public const nuint TLS_PRE_MASTER_KEY_GEN = 0x00000374;
    public const nuint TLS_MASTER_KEY_DERIVE = 0x00000375;
    public const nuint TLS_KEY_AND_MAC_DERIVE = 0x00000376;
    public const nuint TLS_MASTER_KEY_DERIVE_DH = 0x00000377;
    public const nuint TLS_PRF = 0x00000378;
    public const nuint SSL3_MD5_MAC = 0x00000380;
    public const nuint SSL3_SHA1_MAC = 0x00000381;
    public const nuint MD5_KEY_DERIVATION = 0x00000390;
    public const nuint MD2_KEY_DERIVATION = 0x00000391;
    public const nuint SHA1_KEY_DERIVATION = 0x00000392;
    public const nuint SHA256_KEY_DERIVATION = 0x00000393;
    public const nuint SHA384_KEY_DERIVATION = 0x00000394;
    public const nuint SHA512_KEY_DERIVATION = 0x00000395;
    public const nuint SHA224_KEY_DERIVATION = 0x00000396;
    public const nuint SHA3_256_KEY_DERIVATION = 0x00000397;
    public const nuint SHA3_256_KEY_DERIVE = 0x00000397;
    public const nuint SHA3_224_KEY_DERIVATION = 0x00000398;
    public const nuint SHA3_224_KEY_DERIVE = 0x00000398;
    public const nuint SHA3_384_KEY_DERIVATION = 0x00000399;
    public const nuint SHA3_384_KEY_DERIVE = 0x00000399;
    public const nuint SHA3_512_KEY_DERIVATION = 0x0000039A;
    public const nuint SHA3_512_KEY_DERIVE = 0x0000039A;
    public const nuint SHAKE_128_KEY_DERIVATION = 0x0000039B;
    public const nuint SHAKE_128_KEY_DERIVE = 0x0000039B;
    public const nuint SHAKE_256_KEY_DERIVATION = 0x0000039C;
    public const nuint SHAKE_256_KEY_DERIVE = 0x0000039C;

    // Password-based encryption and authentication
    public const nuint PBE_MD2_DES_CBC = 0x000003A0;
    public const nuint PBE_MD5_DES_CBC = 0x000003A1;
    public const nuint PBE_MD5_CAST_CBC = 0x000003A2;
    public const nuint PBE_MD5_CAST3_CBC = 0x000003A3;
    public const nuint PBE_MD5_CAST128_CBC = 0x000003A4;
    public const nuint PBE_MD5_CAST5_CBC = 0x000003A4;
    public const nuint PBE_SHA1_CAST128_CBC = 0x000003A5;
    public const nuint PBE_SHA1_CAST5_CBC = 0x000003A5;
    public const nuint PBE_SHA1_RC4_128 = 0x000003A6;
    public const nuint PBE_SHA1_RC4_40 = 0x000003A7;
    public const nuint PBE_SHA1_DES3_EDE_CBC = 0x000003A8;
    public const nuint PBE_SHA1_DES2_EDE_CBC = 0x000003A9;
    public const nuint PBE_SHA1_RC2_128_CBC = 0x000003AA;
    public const nuint PBE_SHA1_RC2_40_CBC = 0x000003AB;
    public const nuint SP800_108_COUNTER_KDF = 0x000003AC;
    public const nuint SP800_108_FEEDBACK_KDF = 0x000003AD;
    public const nuint SP800_108_DOUBLE_PIPELINE_KDF = 0x000003AE;
    public const nuint PKCS5_PBKD2 = 0x000003B0;
    public const nuint PBA_SHA1_WITH_SHA1_HMAC = 0x000003C0;

    // WTLS, TLS 1.2
    public const nuint WTLS_PRE_MASTER_KEY_GEN = 0x000003D0;
    public const nuint WTLS_MASTER_KEY_DERIVE = 0x000003D1;
    public const nuint WTLS_MASTER_KEY_DERIVE_DH_ECC = 0x000003D2;
    public const nuint WTLS_PRF = 0x000003D3;
    public const nuint WTLS_SERVER_KEY_AND_MAC_DERIVE = 0x000003D4;
    public const nuint WTLS_CLIENT_KEY_AND_MAC_DERIVE = 0x000003D5;
    public const nuint TLS10_MAC_SERVER = 0x000003D6;
    public const nuint TLS10_MAC_CLIENT = 0x000003D7;
    public const nuint TLS12_MAC = 0x000003D8;
    public const nuint TLS12_KDF = 0x000003D9;
    public const nuint TLS12_MASTER_KEY_DERIVE = 0x000003E0;
    public const nuint TLS12_KEY_AND_MAC_DERIVE = 0x000003E1;
    public const nuint TLS12_MASTER_KEY_DERIVE_DH = 0x000003E2;
    public const nuint TLS12_KEY_SAFE_DERIVE = 0x000003E3;
    public const nuint TLS_MAC = 0x000003E4;
    public const nuint TLS_KDF = 0x000003E5;

    // Key wrapping, CMS, KIP
    public const nuint KEY_WRAP_LYNKS = 0x00000400;
    public const nuint KEY_WRAP_SET_OAEP = 0x00000401;
    public const nuint CMS_SIG = 0x00000500;
    public const nuint KIP_DERIVE = 0x00000510;
    public const nuint KIP_WRAP = 0x00000511;
    public const nuint KIP_MAC = 0x00000512;

    // Camellia, ARIA, SEED
    public const nuint CAMELLIA_KEY_GEN = 0x00000550;
    public const nuint CAMELLIA_ECB = 0x00000551;
    public const nuint CAMELLIA_CBC = 0x00000552;
    public const nuint CAMELLIA_MAC = 0x00000553;
    public const nuint CAMELLIA_MAC_GENERAL = 0x00000554;
    public const nuint CAMELLIA_CBC_PAD = 0x00000555;
    public const nuint CAMELLIA_ECB_ENCRYPT_DATA = 0x00000556;
    public const nuint CAMELLIA_CBC_ENCRYPT_DATA = 0x00000557;
    public const nuint CAMELLIA_CTR = 0x00000558;
    public const nuint ARIA_KEY_GEN = 0x00000560;
    public const nuint ARIA_ECB = 0x00000561;
    public const nuint ARIA_CBC = 0x00000562;
    public const nuint ARIA_MAC = 0x00000563;
    public const nuint ARIA_MAC_GENERAL = 0x00000564;
    public const nuint ARIA_CBC_PAD = 0x00000565;
    public const nuint ARIA_ECB_ENCRYPT_DATA = 0x00000566;
    public const nuint ARIA_CBC_ENCRYPT_DATA = 0x00000567;
    public const nuint SEED_KEY_GEN = 0x00000650;
    public const nuint SEED_ECB = 0x00000651;
    public const nuint SEED_CBC = 0x00000652;
    public const nuint SEED_MAC = 0x00000653;
    public const nuint SEED_MAC_GENERAL = 0x00000654;
    public const nuint SEED_CBC_PAD = 0x00000655;
    public const nuint SEED_ECB_ENCRYPT_DATA = 0x00000656;
    public const nuint SEED_CBC_ENCRYPT_DATA = 0x00000657;

    // Fortezza / Skipjack / KEA / Baton
    public const nuint SKIPJACK_KEY_GEN = 0x00001000;
    public const nuint SKIPJACK_ECB64 = 0x00001001;
    public const nuint SKIPJACK_CBC64 = 0x00001002;
    public const nuint SKIPJACK_OFB64 = 0x00001003;
    public const nuint SKIPJACK_CFB64 = 0x00001004;
    public const nuint SKIPJACK_CFB32 = 0x00001005;
    public const nuint SKIPJACK_CFB16 = 0x00001006;
    public const nuint SKIPJACK_CFB8 = 0x00001007;
    public const nuint SKIPJACK_WRAP = 0x00001008;
    public const nuint SKIPJACK_PRIVATE_WRAP = 0x00001009;
    public const nuint SKIPJACK_RELAYX = 0x0000100A;
    public const nuint KEA_KEY_PAIR_GEN = 0x00001010;
    public const nuint KEA_KEY_DERIVE = 0x00001011;
    public const nuint KEA_DERIVE = 0x00001012;
    public const nuint FORTEZZA_TIMESTAMP = 0x00001020;
    public const nuint BATON_KEY_GEN = 0x00001030;
    public const nuint BATON_ECB128 = 0x00001031;
    public const nuint BATON_ECB96 = 0x00001032;
    public const nuint BATON_CBC128 = 0x00001033;
    public const nuint BATON_COUNTER = 0x00001034;
    public const nuint BATON_SHUFFLE = 0x00001035;
    public const nuint BATON_WRAP = 0x00001036;

    // Elliptic curves
    public const nuint EC_KEY_PAIR_GEN = 0x00001040;
    public const nuint ECDSA_KEY_PAIR_GEN = 0x00001040;
    public const nuint ECDSA = 0x00001041;
    public const nuint ECDSA_SHA1 = 0x00001042;
    public const nuint ECDSA_SHA224 = 0x00001043;
    public const nuint ECDSA_SHA256 = 0x00001044;
    public const nuint ECDSA_SHA384 = 0x00001045;
    public const nuint ECDSA_SHA512 = 0x00001046;
    public const nuint ECDSA_SHA3_224 = 0x00001047;
    public const nuint ECDSA_SHA3_256 = 0x00001048;
    public const nuint ECDSA_SHA3_384 = 0x00001049;
    public const nuint ECDSA_SHA3_512 = 0x0000104A;
    public const nuint ECDH1_DERIVE = 0x00001050;
    public const nuint ECDH1_COFACTOR_DERIVE = 0x00001051;
    public const nuint ECMQV_DERIVE = 0x00001052;
    public const nuint ECDH_AES_KEY_WRAP = 0x00001053;
    public const nuint RSA_AES_KEY_WRAP = 0x00001054;
    public const nuint EC_EDWARDS_KEY_PAIR_GEN = 0x00001055;
    public const nuint EC_MONTGOMERY_KEY_PAIR_GEN = 0x00001056;
    public const nuint EDDSA = 0x00001057;
    public const nuint EC_KEY_PAIR_GEN_W_EXTRA_BITS = 0x0000140B;

    // Juniper, FASTHASH
    public const nuint JUNIPER_KEY_GEN = 0x00001060;
    public const nuint JUNIPER_ECB128 = 0x00001061;
    public const nuint JUNIPER_CBC128 = 0x00001062;
    public const nuint JUNIPER_COUNTER = 0x00001063;
    public const nuint JUNIPER_SHUFFLE = 0x00001064;
    public const nuint JUNIPER_WRAP = 0x00001065;
    public const nuint FASTHASH = 0x00001070;

    // AES
    public const nuint AES_XTS = 0x00001071;
    public const nuint AES_XTS_KEY_GEN = 0x00001072;
    public const nuint AES_KEY_GEN = 0x00001080;
    public const nuint AES_ECB = 0x00001081;
    public const nuint AES_CBC = 0x00001082;
    public const nuint AES_MAC = 0x00001083;
    public const nuint AES_MAC_GENERAL = 0x00001084;
    public const nuint AES_CBC_PAD = 0x00001085;
    public const nuint AES_CTR = 0x00001086;
    public const nuint AES_GCM = 0x00001087;
    public const nuint AES_CCM = 0x00001088;
    public const nuint AES_CTS = 0x00001089;
    public const nuint AES_CMAC = 0x0000108A;
    public const nuint AES_CMAC_GENERAL = 0x0000108B;
    public const nuint AES_XCBC_MAC = 0x0000108C;
    public const nuint AES_XCBC_MAC_96 = 0x0000108D;
    public const nuint AES_GMAC = 0x0000108E;

    // Blowfish, Twofish
    public const nuint BLOWFISH_KEY_GEN = 0x00001090;
    public const nuint BLOWFISH_CBC = 0x00001091;
    public const nuint TWOFISH_KEY_GEN = 0x00001092;
    public const nuint TWOFISH_CBC = 0x00001093;
    public const nuint BLOWFISH_CBC_PAD = 0x00001094;
    public const nuint TWOFISH_CBC_PAD = 0x00001095;

    // Key derivation by encrypting data
    public const nuint DES_ECB_ENCRYPT_DATA = 0x00001100;
    public const nuint DES_CBC_ENCRYPT_DATA = 0x00001101;
    public const nuint DES3_ECB_ENCRYPT_DATA = 0x00001102;
    public const nuint DES3_CBC_ENCRYPT_DATA = 0x00001103;
    public const nuint AES_ECB_ENCRYPT_DATA = 0x00001104;
    public const nuint AES_CBC_ENCRYPT_DATA = 0x00001105;

    // GOST
    public const nuint GOSTR3410_KEY_PAIR_GEN = 0x00001200;
    public const nuint GOSTR3410 = 0x00001201;
    public const nuint GOSTR3410_WITH_GOSTR3411 = 0x00001202;
    public const nuint GOSTR3410_KEY_WRAP = 0x00001203;
    public const nuint GOSTR3410_DERIVE = 0x00001204;
    public const nuint GOSTR3411 = 0x00001210;
    public const nuint GOSTR3411_HMAC = 0x00001211;
    public const nuint GOST28147_KEY_GEN = 0x00001220;
    public const nuint GOST28147_ECB = 0x00001221;
    public const nuint GOST28147 = 0x00001222;
    public const nuint GOST28147_MAC = 0x00001223;
    public const nuint GOST28147_KEY_WRAP = 0x00001224;

    // ChaCha20, Poly1305 (v3.0)
    public const nuint CHACHA20_KEY_GEN = 0x00001225;
    public const nuint CHACHA20 = 0x00001226;
    public const nuint POLY1305_KEY_GEN = 0x00001227;
    public const nuint POLY1305 = 0x00001228;

    // Domain parameter generation
    public const nuint DSA_PARAMETER_GEN = 0x00002000;
    public const nuint DH_PKCS_PARAMETER_GEN = 0x00002001;
    public const nuint X9_42_DH_PARAMETER_GEN = 0x00002002;
    public const nuint DSA_PROBABILISTIC_PARAMETER_GEN = 0x00002003;
    /// <summary>The v2.40 header's misspelling of <see cref="DSA_PROBABILISTIC_PARAMETER_GEN"/>.</summary>
    public const nuint DSA_PROBABLISTIC_PARAMETER_GEN = 0x00002003;
    public const nuint DSA_SHAWE_TAYLOR_PARAMETER_GEN = 0x00002004;
    public const nuint DSA_FIPS_G_GEN = 0x00002005;

    // AES feedback modes and key wrap
    public const nuint AES_OFB = 0x00002104;
    public const nuint AES_CFB64 = 0x00002105;
    public const nuint AES_CFB8 = 0x00002106;
    public const nuint AES_CFB128 = 0x00002107;
    public const nuint AES_CFB1 = 0x00002108;
    public const nuint AES_KEY_WRAP = 0x00002109;
    public const nuint AES_KEY_WRAP_PAD = 0x0000210A;
    public const nuint AES_KEY_WRAP_KWP = 0x0000210B;

    // TPM 1.1
    public const nuint RSA_PKCS_TPM_1_1 = 0x00004001;
    public const nuint RSA_PKCS_OAEP_TPM_1_1 = 0x00004002;

    // v3.0: key generation for hash-based MACs, BLAKE2b, Salsa20, X3DH / Double Ratchet, XEdDSA, HKDF, IKE
    public const nuint SHA_1_KEY_GEN = 0x00004003;
    public const nuint SHA224_KEY_GEN = 0x00004004;
    public const nuint SHA256_KEY_GEN = 0x00004005;
    public const nuint SHA384_KEY_GEN = 0x00004006;
    public const nuint SHA512_KEY_GEN = 0x00004007;
    public const nuint SHA512_224_KEY_GEN = 0x00004008;
    public const nuint SHA512_256_KEY_GEN = 0x00004009;
    public const nuint SHA512_T_KEY_GEN = 0x0000400A;
    public const nuint NULL = 0x0000400B;
    public const nuint BLAKE2B_160 = 0x0000400C;
    public const nuint BLAKE2B_160_HMAC = 0x0000400D;
    public const nuint BLAKE2B_160_HMAC_GENERAL = 0x0000400E;
    public const nuint BLAKE2B_160_KEY_DERIVE = 0x0000400F;
    public const nuint BLAKE2B_160_KEY_GEN = 0x00004010;
    public const nuint BLAKE2B_256 = 0x00004011;
    public const nuint BLAKE2B_256_HMAC = 0x00004012;
    public const nuint BLAKE2B_256_HMAC_GENERAL = 0x00004013;
    public const nuint BLAKE2B_256_KEY_DERIVE = 0x00004014;
    public const nuint BLAKE2B_256_KEY_GEN = 0x00004015;
    public const nuint BLAKE2B_384 = 0x00004016;
    public const nuint BLAKE2B_384_HMAC = 0x00004017;
    public const nuint BLAKE2B_384_HMAC_GENERAL = 0x00004018;
    public const nuint BLAKE2B_384_KEY_DERIVE = 0x00004019;
    public const nuint BLAKE2B_384_KEY_GEN = 0x0000401A;
    public const nuint BLAKE2B_512 = 0x0000401B;
    public const nuint BLAKE2B_512_HMAC = 0x0000401C;
    public const nuint BLAKE2B_512_HMAC_GENERAL = 0x0000401D;
    public const nuint BLAKE2B_512_KEY_DERIVE = 0x0000401E;
    public const nuint BLAKE2B_512_KEY_GEN = 0x0000401F;
    public const nuint SALSA20 = 0x00004020;
    public const nuint CHACHA20_POLY1305 = 0x00004021;
    public const nuint SALSA20_POLY1305 = 0x00004022;
    public const nuint X3DH_INITIALIZE = 0x00004023;
    public const nuint X3DH_RESPOND = 0x00004024;
    public const nuint X2RATCHET_INITIALIZE = 0x00004025;
    public const nuint X2RATCHET_RESPOND = 0x00004026;
    public const nuint X2RATCHET_ENCRYPT = 0x00004027;
    public const nuint X2RATCHET_DECRYPT = 0x00004028;
    public const nuint XEDDSA = 0x00004029;
    public const nuint HKDF_DERIVE = 0x0000402A;
    public const nuint HKDF_DATA = 0x0000402B;
    public const nuint HKDF_KEY_GEN = 0x0000402C;
    public const nuint SALSA20_KEY_GEN = 0x0000402D;
    public const nuint IKE2_PRF_PLUS_DERIVE = 0x0000402E;
    public const nuint IKE_PRF_DERIVE = 0x0000402F;
    public const nuint IKE1_PRF_DERIVE = 0x00004030;
    public const nuint IKE1_EXTENDED_DERIVE = 0x00004031;

    public static readonly nuint VENDOR_DEFINED = 0x80000000; // not const: see "Values of 2^31 and more" in CkConstants.cs
}
