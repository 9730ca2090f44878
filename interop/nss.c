#include <stdio.h>
#include <pkcs11.h>
int main(void){
#ifdef CK_UNAVAILABLE_INFORMATION
printf("CK_UNAVAILABLE_INFORMATION %lu\n",(unsigned long)(CK_UNAVAILABLE_INFORMATION));
#endif
#ifdef CK_EFFECTIVELY_INFINITE
printf("CK_EFFECTIVELY_INFINITE %lu\n",(unsigned long)(CK_EFFECTIVELY_INFINITE));
#endif
#ifdef CK_INVALID_HANDLE
printf("CK_INVALID_HANDLE %lu\n",(unsigned long)(CK_INVALID_HANDLE));
#endif
#ifdef CK_TRUE
printf("CK_TRUE %lu\n",(unsigned long)(CK_TRUE));
#endif
#ifdef CK_FALSE
printf("CK_FALSE %lu\n",(unsigned long)(CK_FALSE));
#endif
#ifdef CK_CERTIFICATE_CATEGORY_UNSPECIFIED
printf("CK_CERTIFICATE_CATEGORY_UNSPECIFIED %lu\n",(unsigned long)(CK_CERTIFICATE_CATEGORY_UNSPECIFIED));
#endif
#ifdef CK_CERTIFICATE_CATEGORY_TOKEN_USER
printf("CK_CERTIFICATE_CATEGORY_TOKEN_USER %lu\n",(unsigned long)(CK_CERTIFICATE_CATEGORY_TOKEN_USER));
#endif
#ifdef CK_CERTIFICATE_CATEGORY_AUTHORITY
printf("CK_CERTIFICATE_CATEGORY_AUTHORITY %lu\n",(unsigned long)(CK_CERTIFICATE_CATEGORY_AUTHORITY));
#endif
#ifdef CK_CERTIFICATE_CATEGORY_OTHER_ENTITY
printf("CK_CERTIFICATE_CATEGORY_OTHER_ENTITY %lu\n",(unsigned long)(CK_CERTIFICATE_CATEGORY_OTHER_ENTITY));
#endif
#ifdef CK_SECURITY_DOMAIN_UNSPECIFIED
printf("CK_SECURITY_DOMAIN_UNSPECIFIED %lu\n",(unsigned long)(CK_SECURITY_DOMAIN_UNSPECIFIED));
#endif
#ifdef CK_SECURITY_DOMAIN_MANUFACTURER
printf("CK_SECURITY_DOMAIN_MANUFACTURER %lu\n",(unsigned long)(CK_SECURITY_DOMAIN_MANUFACTURER));
#endif
#ifdef CK_SECURITY_DOMAIN_OPERATOR
printf("CK_SECURITY_DOMAIN_OPERATOR %lu\n",(unsigned long)(CK_SECURITY_DOMAIN_OPERATOR));
#endif
#ifdef CK_SECURITY_DOMAIN_THIRD_PARTY
printf("CK_SECURITY_DOMAIN_THIRD_PARTY %lu\n",(unsigned long)(CK_SECURITY_DOMAIN_THIRD_PARTY));
#endif
#ifdef CK_OTP_FORMAT_DECIMAL
printf("CK_OTP_FORMAT_DECIMAL %lu\n",(unsigned long)(CK_OTP_FORMAT_DECIMAL));
#endif
#ifdef CK_OTP_FORMAT_HEXADECIMAL
printf("CK_OTP_FORMAT_HEXADECIMAL %lu\n",(unsigned long)(CK_OTP_FORMAT_HEXADECIMAL));
#endif
#ifdef CK_OTP_FORMAT_ALPHANUMERIC
printf("CK_OTP_FORMAT_ALPHANUMERIC %lu\n",(unsigned long)(CK_OTP_FORMAT_ALPHANUMERIC));
#endif
#ifdef CK_OTP_FORMAT_BINARY
printf("CK_OTP_FORMAT_BINARY %lu\n",(unsigned long)(CK_OTP_FORMAT_BINARY));
#endif
#ifdef CK_OTP_PARAM_IGNORED
printf("CK_OTP_PARAM_IGNORED %lu\n",(unsigned long)(CK_OTP_PARAM_IGNORED));
#endif
#ifdef CK_OTP_PARAM_OPTIONAL
printf("CK_OTP_PARAM_OPTIONAL %lu\n",(unsigned long)(CK_OTP_PARAM_OPTIONAL));
#endif
#ifdef CK_OTP_PARAM_MANDATORY
printf("CK_OTP_PARAM_MANDATORY %lu\n",(unsigned long)(CK_OTP_PARAM_MANDATORY));
#endif
#ifdef CK_OTP_VALUE
printf("CK_OTP_VALUE %lu\n",(unsigned long)(CK_OTP_VALUE));
#endif
#ifdef CK_OTP_PIN
printf("CK_OTP_PIN %lu\n",(unsigned long)(CK_OTP_PIN));
#endif
#ifdef CK_OTP_CHALLENGE
printf("CK_OTP_CHALLENGE %lu\n",(unsigned long)(CK_OTP_CHALLENGE));
#endif
#ifdef CK_OTP_TIME
printf("CK_OTP_TIME %lu\n",(unsigned long)(CK_OTP_TIME));
#endif
#ifdef CK_OTP_COUNTER
printf("CK_OTP_COUNTER %lu\n",(unsigned long)(CK_OTP_COUNTER));
#endif
#ifdef CK_OTP_FLAGS
printf("CK_OTP_FLAGS %lu\n",(unsigned long)(CK_OTP_FLAGS));
#endif
#ifdef CK_OTP_OUTPUT_LENGTH
printf("CK_OTP_OUTPUT_LENGTH %lu\n",(unsigned long)(CK_OTP_OUTPUT_LENGTH));
#endif
#ifdef CK_OTP_OUTPUT_FORMAT
printf("CK_OTP_OUTPUT_FORMAT %lu\n",(unsigned long)(CK_OTP_OUTPUT_FORMAT));
#endif
#ifdef CK_SP800_108_ITERATION_VARIABLE
printf("CK_SP800_108_ITERATION_VARIABLE %lu\n",(unsigned long)(CK_SP800_108_ITERATION_VARIABLE));
#endif
#ifdef CK_SP800_108_COUNTER
printf("CK_SP800_108_COUNTER %lu\n",(unsigned long)(CK_SP800_108_COUNTER));
#endif
#ifdef CK_SP800_108_OPTIONAL_COUNTER
printf("CK_SP800_108_OPTIONAL_COUNTER %lu\n",(unsigned long)(CK_SP800_108_OPTIONAL_COUNTER));
#endif
#ifdef CK_SP800_108_DKM_LENGTH
printf("CK_SP800_108_DKM_LENGTH %lu\n",(unsigned long)(CK_SP800_108_DKM_LENGTH));
#endif
#ifdef CK_SP800_108_BYTE_ARRAY
printf("CK_SP800_108_BYTE_ARRAY %lu\n",(unsigned long)(CK_SP800_108_BYTE_ARRAY));
#endif
#ifdef CK_SP800_108_DKM_LENGTH_SUM_OF_KEYS
printf("CK_SP800_108_DKM_LENGTH_SUM_OF_KEYS %lu\n",(unsigned long)(CK_SP800_108_DKM_LENGTH_SUM_OF_KEYS));
#endif
#ifdef CK_SP800_108_DKM_LENGTH_SUM_OF_SEGMENTS
printf("CK_SP800_108_DKM_LENGTH_SUM_OF_SEGMENTS %lu\n",(unsigned long)(CK_SP800_108_DKM_LENGTH_SUM_OF_SEGMENTS));
#endif
#ifdef CKP_INVALID_ID
printf("CKP_INVALID_ID %lu\n",(unsigned long)(CKP_INVALID_ID));
#endif
#ifdef CKP_BASELINE_PROVIDER
printf("CKP_BASELINE_PROVIDER %lu\n",(unsigned long)(CKP_BASELINE_PROVIDER));
#endif
#ifdef CKP_EXTENDED_PROVIDER
printf("CKP_EXTENDED_PROVIDER %lu\n",(unsigned long)(CKP_EXTENDED_PROVIDER));
#endif
#ifdef CKP_AUTHENTICATION_TOKEN
printf("CKP_AUTHENTICATION_TOKEN %lu\n",(unsigned long)(CKP_AUTHENTICATION_TOKEN));
#endif
#ifdef CKP_PUBLIC_CERTIFICATES_TOKEN
printf("CKP_PUBLIC_CERTIFICATES_TOKEN %lu\n",(unsigned long)(CKP_PUBLIC_CERTIFICATES_TOKEN));
#endif
#ifdef CKP_VENDOR_DEFINED
printf("CKP_VENDOR_DEFINED %lu\n",(unsigned long)(CKP_VENDOR_DEFINED));
#endif
#ifdef CKP_PKCS5_PBKD2_HMAC_SHA1
printf("CKP_PKCS5_PBKD2_HMAC_SHA1 %lu\n",(unsigned long)(CKP_PKCS5_PBKD2_HMAC_SHA1));
#endif
#ifdef CKP_PKCS5_PBKD2_HMAC_GOSTR3411
printf("CKP_PKCS5_PBKD2_HMAC_GOSTR3411 %lu\n",(unsigned long)(CKP_PKCS5_PBKD2_HMAC_GOSTR3411));
#endif
#ifdef CKP_PKCS5_PBKD2_HMAC_SHA224
printf("CKP_PKCS5_PBKD2_HMAC_SHA224 %lu\n",(unsigned long)(CKP_PKCS5_PBKD2_HMAC_SHA224));
#endif
#ifdef CKP_PKCS5_PBKD2_HMAC_SHA256
printf("CKP_PKCS5_PBKD2_HMAC_SHA256 %lu\n",(unsigned long)(CKP_PKCS5_PBKD2_HMAC_SHA256));
#endif
#ifdef CKP_PKCS5_PBKD2_HMAC_SHA384
printf("CKP_PKCS5_PBKD2_HMAC_SHA384 %lu\n",(unsigned long)(CKP_PKCS5_PBKD2_HMAC_SHA384));
#endif
#ifdef CKP_PKCS5_PBKD2_HMAC_SHA512
printf("CKP_PKCS5_PBKD2_HMAC_SHA512 %lu\n",(unsigned long)(CKP_PKCS5_PBKD2_HMAC_SHA512));
#endif
#ifdef CKP_PKCS5_PBKD2_HMAC_SHA512_224
printf("CKP_PKCS5_PBKD2_HMAC_SHA512_224 %lu\n",(unsigned long)(CKP_PKCS5_PBKD2_HMAC_SHA512_224));
#endif
#ifdef CKP_PKCS5_PBKD2_HMAC_SHA512_256
printf("CKP_PKCS5_PBKD2_HMAC_SHA512_256 %lu\n",(unsigned long)(CKP_PKCS5_PBKD2_HMAC_SHA512_256));
#endif
#ifdef CKO_DATA
printf("CKO_DATA %lu\n",(unsigned long)(CKO_DATA));
#endif
#ifdef CKO_CERTIFICATE
printf("CKO_CERTIFICATE %lu\n",(unsigned long)(CKO_CERTIFICATE));
#endif
#ifdef CKO_PUBLIC_KEY
printf("CKO_PUBLIC_KEY %lu\n",(unsigned long)(CKO_PUBLIC_KEY));
#endif
#ifdef CKO_PRIVATE_KEY
printf("CKO_PRIVATE_KEY %lu\n",(unsigned long)(CKO_PRIVATE_KEY));
#endif
#ifdef CKO_SECRET_KEY
printf("CKO_SECRET_KEY %lu\n",(unsigned long)(CKO_SECRET_KEY));
#endif
#ifdef CKO_HW_FEATURE
printf("CKO_HW_FEATURE %lu\n",(unsigned long)(CKO_HW_FEATURE));
#endif
#ifdef CKO_DOMAIN_PARAMETERS
printf("CKO_DOMAIN_PARAMETERS %lu\n",(unsigned long)(CKO_DOMAIN_PARAMETERS));
#endif
#ifdef CKO_MECHANISM
printf("CKO_MECHANISM %lu\n",(unsigned long)(CKO_MECHANISM));
#endif
#ifdef CKO_OTP_KEY
printf("CKO_OTP_KEY %lu\n",(unsigned long)(CKO_OTP_KEY));
#endif
#ifdef CKO_PROFILE
printf("CKO_PROFILE %lu\n",(unsigned long)(CKO_PROFILE));
#endif
#ifdef CKO_VENDOR_DEFINED
printf("CKO_VENDOR_DEFINED %lu\n",(unsigned long)(CKO_VENDOR_DEFINED));
#endif
#ifdef CKK_RSA
printf("CKK_RSA %lu\n",(unsigned long)(CKK_RSA));
#endif
#ifdef CKK_DSA
printf("CKK_DSA %lu\n",(unsigned long)(CKK_DSA));
#endif
#ifdef CKK_DH
printf("CKK_DH %lu\n",(unsigned long)(CKK_DH));
#endif
#ifdef CKK_EC
printf("CKK_EC %lu\n",(unsigned long)(CKK_EC));
#endif
#ifdef CKK_ECDSA
printf("CKK_ECDSA %lu\n",(unsigned long)(CKK_ECDSA));
#endif
#ifdef CKK_X9_42_DH
printf("CKK_X9_42_DH %lu\n",(unsigned long)(CKK_X9_42_DH));
#endif
#ifdef CKK_KEA
printf("CKK_KEA %lu\n",(unsigned long)(CKK_KEA));
#endif
#ifdef CKK_GENERIC_SECRET
printf("CKK_GENERIC_SECRET %lu\n",(unsigned long)(CKK_GENERIC_SECRET));
#endif
#ifdef CKK_RC2
printf("CKK_RC2 %lu\n",(unsigned long)(CKK_RC2));
#endif
#ifdef CKK_RC4
printf("CKK_RC4 %lu\n",(unsigned long)(CKK_RC4));
#endif
#ifdef CKK_DES
printf("CKK_DES %lu\n",(unsigned long)(CKK_DES));
#endif
#ifdef CKK_DES2
printf("CKK_DES2 %lu\n",(unsigned long)(CKK_DES2));
#endif
#ifdef CKK_DES3
printf("CKK_DES3 %lu\n",(unsigned long)(CKK_DES3));
#endif
#ifdef CKK_CAST
printf("CKK_CAST %lu\n",(unsigned long)(CKK_CAST));
#endif
#ifdef CKK_CAST3
printf("CKK_CAST3 %lu\n",(unsigned long)(CKK_CAST3));
#endif
#ifdef CKK_CAST128
printf("CKK_CAST128 %lu\n",(unsigned long)(CKK_CAST128));
#endif
#ifdef CKK_CAST5
printf("CKK_CAST5 %lu\n",(unsigned long)(CKK_CAST5));
#endif
#ifdef CKK_RC5
printf("CKK_RC5 %lu\n",(unsigned long)(CKK_RC5));
#endif
#ifdef CKK_IDEA
printf("CKK_IDEA %lu\n",(unsigned long)(CKK_IDEA));
#endif
#ifdef CKK_SKIPJACK
printf("CKK_SKIPJACK %lu\n",(unsigned long)(CKK_SKIPJACK));
#endif
#ifdef CKK_BATON
printf("CKK_BATON %lu\n",(unsigned long)(CKK_BATON));
#endif
#ifdef CKK_JUNIPER
printf("CKK_JUNIPER %lu\n",(unsigned long)(CKK_JUNIPER));
#endif
#ifdef CKK_CDMF
printf("CKK_CDMF %lu\n",(unsigned long)(CKK_CDMF));
#endif
#ifdef CKK_AES
printf("CKK_AES %lu\n",(unsigned long)(CKK_AES));
#endif
#ifdef CKK_BLOWFISH
printf("CKK_BLOWFISH %lu\n",(unsigned long)(CKK_BLOWFISH));
#endif
#ifdef CKK_TWOFISH
printf("CKK_TWOFISH %lu\n",(unsigned long)(CKK_TWOFISH));
#endif
#ifdef CKK_SECURID
printf("CKK_SECURID %lu\n",(unsigned long)(CKK_SECURID));
#endif
#ifdef CKK_HOTP
printf("CKK_HOTP %lu\n",(unsigned long)(CKK_HOTP));
#endif
#ifdef CKK_ACTI
printf("CKK_ACTI %lu\n",(unsigned long)(CKK_ACTI));
#endif
#ifdef CKK_CAMELLIA
printf("CKK_CAMELLIA %lu\n",(unsigned long)(CKK_CAMELLIA));
#endif
#ifdef CKK_ARIA
printf("CKK_ARIA %lu\n",(unsigned long)(CKK_ARIA));
#endif
#ifdef CKK_MD5_HMAC
printf("CKK_MD5_HMAC %lu\n",(unsigned long)(CKK_MD5_HMAC));
#endif
#ifdef CKK_SHA_1_HMAC
printf("CKK_SHA_1_HMAC %lu\n",(unsigned long)(CKK_SHA_1_HMAC));
#endif
#ifdef CKK_RIPEMD128_HMAC
printf("CKK_RIPEMD128_HMAC %lu\n",(unsigned long)(CKK_RIPEMD128_HMAC));
#endif
#ifdef CKK_RIPEMD160_HMAC
printf("CKK_RIPEMD160_HMAC %lu\n",(unsigned long)(CKK_RIPEMD160_HMAC));
#endif
#ifdef CKK_SHA256_HMAC
printf("CKK_SHA256_HMAC %lu\n",(unsigned long)(CKK_SHA256_HMAC));
#endif
#ifdef CKK_SHA384_HMAC
printf("CKK_SHA384_HMAC %lu\n",(unsigned long)(CKK_SHA384_HMAC));
#endif
#ifdef CKK_SHA512_HMAC
printf("CKK_SHA512_HMAC %lu\n",(unsigned long)(CKK_SHA512_HMAC));
#endif
#ifdef CKK_SHA224_HMAC
printf("CKK_SHA224_HMAC %lu\n",(unsigned long)(CKK_SHA224_HMAC));
#endif
#ifdef CKK_SEED
printf("CKK_SEED %lu\n",(unsigned long)(CKK_SEED));
#endif
#ifdef CKK_GOSTR3410
printf("CKK_GOSTR3410 %lu\n",(unsigned long)(CKK_GOSTR3410));
#endif
#ifdef CKK_GOSTR3411
printf("CKK_GOSTR3411 %lu\n",(unsigned long)(CKK_GOSTR3411));
#endif
#ifdef CKK_GOST28147
printf("CKK_GOST28147 %lu\n",(unsigned long)(CKK_GOST28147));
#endif
#ifdef CKK_CHACHA20
printf("CKK_CHACHA20 %lu\n",(unsigned long)(CKK_CHACHA20));
#endif
#ifdef CKK_POLY1305
printf("CKK_POLY1305 %lu\n",(unsigned long)(CKK_POLY1305));
#endif
#ifdef CKK_AES_XTS
printf("CKK_AES_XTS %lu\n",(unsigned long)(CKK_AES_XTS));
#endif
#ifdef CKK_SHA3_224_HMAC
printf("CKK_SHA3_224_HMAC %lu\n",(unsigned long)(CKK_SHA3_224_HMAC));
#endif
#ifdef CKK_SHA3_256_HMAC
printf("CKK_SHA3_256_HMAC %lu\n",(unsigned long)(CKK_SHA3_256_HMAC));
#endif
#ifdef CKK_SHA3_384_HMAC
printf("CKK_SHA3_384_HMAC %lu\n",(unsigned long)(CKK_SHA3_384_HMAC));
#endif
#ifdef CKK_SHA3_512_HMAC
printf("CKK_SHA3_512_HMAC %lu\n",(unsigned long)(CKK_SHA3_512_HMAC));
#endif
#ifdef CKK_BLAKE2B_160_HMAC
printf("CKK_BLAKE2B_160_HMAC %lu\n",(unsigned long)(CKK_BLAKE2B_160_HMAC));
#endif
#ifdef CKK_BLAKE2B_256_HMAC
printf("CKK_BLAKE2B_256_HMAC %lu\n",(unsigned long)(CKK_BLAKE2B_256_HMAC));
#endif
#ifdef CKK_BLAKE2B_384_HMAC
printf("CKK_BLAKE2B_384_HMAC %lu\n",(unsigned long)(CKK_BLAKE2B_384_HMAC));
#endif
#ifdef CKK_BLAKE2B_512_HMAC
printf("CKK_BLAKE2B_512_HMAC %lu\n",(unsigned long)(CKK_BLAKE2B_512_HMAC));
#endif
#ifdef CKK_SALSA20
printf("CKK_SALSA20 %lu\n",(unsigned long)(CKK_SALSA20));
#endif
#ifdef CKK_X2RATCHET
printf("CKK_X2RATCHET %lu\n",(unsigned long)(CKK_X2RATCHET));
#endif
#ifdef CKK_EC_EDWARDS
printf("CKK_EC_EDWARDS %lu\n",(unsigned long)(CKK_EC_EDWARDS));
#endif
#ifdef CKK_EC_MONTGOMERY
printf("CKK_EC_MONTGOMERY %lu\n",(unsigned long)(CKK_EC_MONTGOMERY));
#endif
#ifdef CKK_HKDF
printf("CKK_HKDF %lu\n",(unsigned long)(CKK_HKDF));
#endif
#ifdef CKK_SHA512_224_HMAC
printf("CKK_SHA512_224_HMAC %lu\n",(unsigned long)(CKK_SHA512_224_HMAC));
#endif
#ifdef CKK_SHA512_256_HMAC
printf("CKK_SHA512_256_HMAC %lu\n",(unsigned long)(CKK_SHA512_256_HMAC));
#endif
#ifdef CKK_SHA512_T_HMAC
printf("CKK_SHA512_T_HMAC %lu\n",(unsigned long)(CKK_SHA512_T_HMAC));
#endif
#ifdef CKK_VENDOR_DEFINED
printf("CKK_VENDOR_DEFINED %lu\n",(unsigned long)(CKK_VENDOR_DEFINED));
#endif
#ifdef CKC_X_509
printf("CKC_X_509 %lu\n",(unsigned long)(CKC_X_509));
#endif
#ifdef CKC_X_509_ATTR_CERT
printf("CKC_X_509_ATTR_CERT %lu\n",(unsigned long)(CKC_X_509_ATTR_CERT));
#endif
#ifdef CKC_WTLS
printf("CKC_WTLS %lu\n",(unsigned long)(CKC_WTLS));
#endif
#ifdef CKC_VENDOR_DEFINED
printf("CKC_VENDOR_DEFINED %lu\n",(unsigned long)(CKC_VENDOR_DEFINED));
#endif
#ifdef CKH_MONOTONIC_COUNTER
printf("CKH_MONOTONIC_COUNTER %lu\n",(unsigned long)(CKH_MONOTONIC_COUNTER));
#endif
#ifdef CKH_CLOCK
printf("CKH_CLOCK %lu\n",(unsigned long)(CKH_CLOCK));
#endif
#ifdef CKH_USER_INTERFACE
printf("CKH_USER_INTERFACE %lu\n",(unsigned long)(CKH_USER_INTERFACE));
#endif
#ifdef CKH_VENDOR_DEFINED
printf("CKH_VENDOR_DEFINED %lu\n",(unsigned long)(CKH_VENDOR_DEFINED));
#endif
#ifdef CKU_SO
printf("CKU_SO %lu\n",(unsigned long)(CKU_SO));
#endif
#ifdef CKU_USER
printf("CKU_USER %lu\n",(unsigned long)(CKU_USER));
#endif
#ifdef CKU_CONTEXT_SPECIFIC
printf("CKU_CONTEXT_SPECIFIC %lu\n",(unsigned long)(CKU_CONTEXT_SPECIFIC));
#endif
#ifdef CKS_RO_PUBLIC_SESSION
printf("CKS_RO_PUBLIC_SESSION %lu\n",(unsigned long)(CKS_RO_PUBLIC_SESSION));
#endif
#ifdef CKS_RO_USER_FUNCTIONS
printf("CKS_RO_USER_FUNCTIONS %lu\n",(unsigned long)(CKS_RO_USER_FUNCTIONS));
#endif
#ifdef CKS_RW_PUBLIC_SESSION
printf("CKS_RW_PUBLIC_SESSION %lu\n",(unsigned long)(CKS_RW_PUBLIC_SESSION));
#endif
#ifdef CKS_RW_USER_FUNCTIONS
printf("CKS_RW_USER_FUNCTIONS %lu\n",(unsigned long)(CKS_RW_USER_FUNCTIONS));
#endif
#ifdef CKS_RW_SO_FUNCTIONS
printf("CKS_RW_SO_FUNCTIONS %lu\n",(unsigned long)(CKS_RW_SO_FUNCTIONS));
#endif
#ifdef CKN_SURRENDER
printf("CKN_SURRENDER %lu\n",(unsigned long)(CKN_SURRENDER));
#endif
#ifdef CKN_OTP_CHANGED
printf("CKN_OTP_CHANGED %lu\n",(unsigned long)(CKN_OTP_CHANGED));
#endif
#ifdef CKG_MGF1_SHA1
printf("CKG_MGF1_SHA1 %lu\n",(unsigned long)(CKG_MGF1_SHA1));
#endif
#ifdef CKG_MGF1_SHA256
printf("CKG_MGF1_SHA256 %lu\n",(unsigned long)(CKG_MGF1_SHA256));
#endif
#ifdef CKG_MGF1_SHA384
printf("CKG_MGF1_SHA384 %lu\n",(unsigned long)(CKG_MGF1_SHA384));
#endif
#ifdef CKG_MGF1_SHA512
printf("CKG_MGF1_SHA512 %lu\n",(unsigned long)(CKG_MGF1_SHA512));
#endif
#ifdef CKG_MGF1_SHA224
printf("CKG_MGF1_SHA224 %lu\n",(unsigned long)(CKG_MGF1_SHA224));
#endif
#ifdef CKG_MGF1_SHA3_224
printf("CKG_MGF1_SHA3_224 %lu\n",(unsigned long)(CKG_MGF1_SHA3_224));
#endif
#ifdef CKG_MGF1_SHA3_256
printf("CKG_MGF1_SHA3_256 %lu\n",(unsigned long)(CKG_MGF1_SHA3_256));
#endif
#ifdef CKG_MGF1_SHA3_384
printf("CKG_MGF1_SHA3_384 %lu\n",(unsigned long)(CKG_MGF1_SHA3_384));
#endif
#ifdef CKG_MGF1_SHA3_512
printf("CKG_MGF1_SHA3_512 %lu\n",(unsigned long)(CKG_MGF1_SHA3_512));
#endif
#ifdef CKG_NO_GENERATE
printf("CKG_NO_GENERATE %lu\n",(unsigned long)(CKG_NO_GENERATE));
#endif
#ifdef CKG_GENERATE
printf("CKG_GENERATE %lu\n",(unsigned long)(CKG_GENERATE));
#endif
#ifdef CKG_GENERATE_COUNTER
printf("CKG_GENERATE_COUNTER %lu\n",(unsigned long)(CKG_GENERATE_COUNTER));
#endif
#ifdef CKG_GENERATE_RANDOM
printf("CKG_GENERATE_RANDOM %lu\n",(unsigned long)(CKG_GENERATE_RANDOM));
#endif
#ifdef CKG_GENERATE_COUNTER_XOR
printf("CKG_GENERATE_COUNTER_XOR %lu\n",(unsigned long)(CKG_GENERATE_COUNTER_XOR));
#endif
#ifdef CKZ_DATA_SPECIFIED
printf("CKZ_DATA_SPECIFIED %lu\n",(unsigned long)(CKZ_DATA_SPECIFIED));
#endif
#ifdef CKZ_SALT_SPECIFIED
printf("CKZ_SALT_SPECIFIED %lu\n",(unsigned long)(CKZ_SALT_SPECIFIED));
#endif
#ifdef CKD_NULL
printf("CKD_NULL %lu\n",(unsigned long)(CKD_NULL));
#endif
#ifdef CKD_SHA1_KDF
printf("CKD_SHA1_KDF %lu\n",(unsigned long)(CKD_SHA1_KDF));
#endif
#ifdef CKD_SHA1_KDF_ASN1
printf("CKD_SHA1_KDF_ASN1 %lu\n",(unsigned long)(CKD_SHA1_KDF_ASN1));
#endif
#ifdef CKD_SHA1_KDF_CONCATENATE
printf("CKD_SHA1_KDF_CONCATENATE %lu\n",(unsigned long)(CKD_SHA1_KDF_CONCATENATE));
#endif
#ifdef CKD_SHA224_KDF
printf("CKD_SHA224_KDF %lu\n",(unsigned long)(CKD_SHA224_KDF));
#endif
#ifdef CKD_SHA256_KDF
printf("CKD_SHA256_KDF %lu\n",(unsigned long)(CKD_SHA256_KDF));
#endif
#ifdef CKD_SHA384_KDF
printf("CKD_SHA384_KDF %lu\n",(unsigned long)(CKD_SHA384_KDF));
#endif
#ifdef CKD_SHA512_KDF
printf("CKD_SHA512_KDF %lu\n",(unsigned long)(CKD_SHA512_KDF));
#endif
#ifdef CKD_CPDIVERSIFY_KDF
printf("CKD_CPDIVERSIFY_KDF %lu\n",(unsigned long)(CKD_CPDIVERSIFY_KDF));
#endif
#ifdef CKD_SHA3_224_KDF
printf("CKD_SHA3_224_KDF %lu\n",(unsigned long)(CKD_SHA3_224_KDF));
#endif
#ifdef CKD_SHA3_256_KDF
printf("CKD_SHA3_256_KDF %lu\n",(unsigned long)(CKD_SHA3_256_KDF));
#endif
#ifdef CKD_SHA3_384_KDF
printf("CKD_SHA3_384_KDF %lu\n",(unsigned long)(CKD_SHA3_384_KDF));
#endif
#ifdef CKD_SHA3_512_KDF
printf("CKD_SHA3_512_KDF %lu\n",(unsigned long)(CKD_SHA3_512_KDF));
#endif
#ifdef CKD_SHA1_KDF_SP800
printf("CKD_SHA1_KDF_SP800 %lu\n",(unsigned long)(CKD_SHA1_KDF_SP800));
#endif
#ifdef CKD_SHA224_KDF_SP800
printf("CKD_SHA224_KDF_SP800 %lu\n",(unsigned long)(CKD_SHA224_KDF_SP800));
#endif
#ifdef CKD_SHA256_KDF_SP800
printf("CKD_SHA256_KDF_SP800 %lu\n",(unsigned long)(CKD_SHA256_KDF_SP800));
#endif
#ifdef CKD_SHA384_KDF_SP800
printf("CKD_SHA384_KDF_SP800 %lu\n",(unsigned long)(CKD_SHA384_KDF_SP800));
#endif
#ifdef CKD_SHA512_KDF_SP800
printf("CKD_SHA512_KDF_SP800 %lu\n",(unsigned long)(CKD_SHA512_KDF_SP800));
#endif
#ifdef CKD_SHA3_224_KDF_SP800
printf("CKD_SHA3_224_KDF_SP800 %lu\n",(unsigned long)(CKD_SHA3_224_KDF_SP800));
#endif
#ifdef CKD_SHA3_256_KDF_SP800
printf("CKD_SHA3_256_KDF_SP800 %lu\n",(unsigned long)(CKD_SHA3_256_KDF_SP800));
#endif
#ifdef CKD_SHA3_384_KDF_SP800
printf("CKD_SHA3_384_KDF_SP800 %lu\n",(unsigned long)(CKD_SHA3_384_KDF_SP800));
#endif
#ifdef CKD_SHA3_512_KDF_SP800
printf("CKD_SHA3_512_KDF_SP800 %lu\n",(unsigned long)(CKD_SHA3_512_KDF_SP800));
#endif
#ifdef CKD_BLAKE2B_160_KDF
printf("CKD_BLAKE2B_160_KDF %lu\n",(unsigned long)(CKD_BLAKE2B_160_KDF));
#endif
#ifdef CKD_BLAKE2B_256_KDF
printf("CKD_BLAKE2B_256_KDF %lu\n",(unsigned long)(CKD_BLAKE2B_256_KDF));
#endif
#ifdef CKD_BLAKE2B_384_KDF
printf("CKD_BLAKE2B_384_KDF %lu\n",(unsigned long)(CKD_BLAKE2B_384_KDF));
#endif
#ifdef CKD_BLAKE2B_512_KDF
printf("CKD_BLAKE2B_512_KDF %lu\n",(unsigned long)(CKD_BLAKE2B_512_KDF));
#endif
#ifdef CKA_CLASS
printf("CKA_CLASS %lu\n",(unsigned long)(CKA_CLASS));
#endif
#ifdef CKA_TOKEN
printf("CKA_TOKEN %lu\n",(unsigned long)(CKA_TOKEN));
#endif
#ifdef CKA_PRIVATE
printf("CKA_PRIVATE %lu\n",(unsigned long)(CKA_PRIVATE));
#endif
#ifdef CKA_LABEL
printf("CKA_LABEL %lu\n",(unsigned long)(CKA_LABEL));
#endif
#ifdef CKA_UNIQUE_ID
printf("CKA_UNIQUE_ID %lu\n",(unsigned long)(CKA_UNIQUE_ID));
#endif
#ifdef CKA_APPLICATION
printf("CKA_APPLICATION %lu\n",(unsigned long)(CKA_APPLICATION));
#endif
#ifdef CKA_VALUE
printf("CKA_VALUE %lu\n",(unsigned long)(CKA_VALUE));
#endif
#ifdef CKA_OBJECT_ID
printf("CKA_OBJECT_ID %lu\n",(unsigned long)(CKA_OBJECT_ID));
#endif
#ifdef CKA_CERTIFICATE_TYPE
printf("CKA_CERTIFICATE_TYPE %lu\n",(unsigned long)(CKA_CERTIFICATE_TYPE));
#endif
#ifdef CKA_ISSUER
printf("CKA_ISSUER %lu\n",(unsigned long)(CKA_ISSUER));
#endif
#ifdef CKA_SERIAL_NUMBER
printf("CKA_SERIAL_NUMBER %lu\n",(unsigned long)(CKA_SERIAL_NUMBER));
#endif
#ifdef CKA_AC_ISSUER
printf("CKA_AC_ISSUER %lu\n",(unsigned long)(CKA_AC_ISSUER));
#endif
#ifdef CKA_OWNER
printf("CKA_OWNER %lu\n",(unsigned long)(CKA_OWNER));
#endif
#ifdef CKA_ATTR_TYPES
printf("CKA_ATTR_TYPES %lu\n",(unsigned long)(CKA_ATTR_TYPES));
#endif
#ifdef CKA_TRUSTED
printf("CKA_TRUSTED %lu\n",(unsigned long)(CKA_TRUSTED));
#endif
#ifdef CKA_CERTIFICATE_CATEGORY
printf("CKA_CERTIFICATE_CATEGORY %lu\n",(unsigned long)(CKA_CERTIFICATE_CATEGORY));
#endif
#ifdef CKA_JAVA_MIDP_SECURITY_DOMAIN
printf("CKA_JAVA_MIDP_SECURITY_DOMAIN %lu\n",(unsigned long)(CKA_JAVA_MIDP_SECURITY_DOMAIN));
#endif
#ifdef CKA_URL
printf("CKA_URL %lu\n",(unsigned long)(CKA_URL));
#endif
#ifdef CKA_HASH_OF_SUBJECT_PUBLIC_KEY
printf("CKA_HASH_OF_SUBJECT_PUBLIC_KEY %lu\n",(unsigned long)(CKA_HASH_OF_SUBJECT_PUBLIC_KEY));
#endif
#ifdef CKA_HASH_OF_ISSUER_PUBLIC_KEY
printf("CKA_HASH_OF_ISSUER_PUBLIC_KEY %lu\n",(unsigned long)(CKA_HASH_OF_ISSUER_PUBLIC_KEY));
#endif
#ifdef CKA_NAME_HASH_ALGORITHM
printf("CKA_NAME_HASH_ALGORITHM %lu\n",(unsigned long)(CKA_NAME_HASH_ALGORITHM));
#endif
#ifdef CKA_CHECK_VALUE
printf("CKA_CHECK_VALUE %lu\n",(unsigned long)(CKA_CHECK_VALUE));
#endif
#ifdef CKA_KEY_TYPE
printf("CKA_KEY_TYPE %lu\n",(unsigned long)(CKA_KEY_TYPE));
#endif
#ifdef CKA_SUBJECT
printf("CKA_SUBJECT %lu\n",(unsigned long)(CKA_SUBJECT));
#endif
#ifdef CKA_ID
printf("CKA_ID %lu\n",(unsigned long)(CKA_ID));
#endif
#ifdef CKA_SENSITIVE
printf("CKA_SENSITIVE %lu\n",(unsigned long)(CKA_SENSITIVE));
#endif
#ifdef CKA_ENCRYPT
printf("CKA_ENCRYPT %lu\n",(unsigned long)(CKA_ENCRYPT));
#endif
#ifdef CKA_DECRYPT
printf("CKA_DECRYPT %lu\n",(unsigned long)(CKA_DECRYPT));
#endif
#ifdef CKA_WRAP
printf("CKA_WRAP %lu\n",(unsigned long)(CKA_WRAP));
#endif
#ifdef CKA_UNWRAP
printf("CKA_UNWRAP %lu\n",(unsigned long)(CKA_UNWRAP));
#endif
#ifdef CKA_SIGN
printf("CKA_SIGN %lu\n",(unsigned long)(CKA_SIGN));
#endif
#ifdef CKA_SIGN_RECOVER
printf("CKA_SIGN_RECOVER %lu\n",(unsigned long)(CKA_SIGN_RECOVER));
#endif
#ifdef CKA_VERIFY
printf("CKA_VERIFY %lu\n",(unsigned long)(CKA_VERIFY));
#endif
#ifdef CKA_VERIFY_RECOVER
printf("CKA_VERIFY_RECOVER %lu\n",(unsigned long)(CKA_VERIFY_RECOVER));
#endif
#ifdef CKA_DERIVE
printf("CKA_DERIVE %lu\n",(unsigned long)(CKA_DERIVE));
#endif
#ifdef CKA_START_DATE
printf("CKA_START_DATE %lu\n",(unsigned long)(CKA_START_DATE));
#endif
#ifdef CKA_END_DATE
printf("CKA_END_DATE %lu\n",(unsigned long)(CKA_END_DATE));
#endif
#ifdef CKA_MODULUS
printf("CKA_MODULUS %lu\n",(unsigned long)(CKA_MODULUS));
#endif
#ifdef CKA_MODULUS_BITS
printf("CKA_MODULUS_BITS %lu\n",(unsigned long)(CKA_MODULUS_BITS));
#endif
#ifdef CKA_PUBLIC_EXPONENT
printf("CKA_PUBLIC_EXPONENT %lu\n",(unsigned long)(CKA_PUBLIC_EXPONENT));
#endif
#ifdef CKA_PRIVATE_EXPONENT
printf("CKA_PRIVATE_EXPONENT %lu\n",(unsigned long)(CKA_PRIVATE_EXPONENT));
#endif
#ifdef CKA_PRIME_1
printf("CKA_PRIME_1 %lu\n",(unsigned long)(CKA_PRIME_1));
#endif
#ifdef CKA_PRIME_2
printf("CKA_PRIME_2 %lu\n",(unsigned long)(CKA_PRIME_2));
#endif
#ifdef CKA_EXPONENT_1
printf("CKA_EXPONENT_1 %lu\n",(unsigned long)(CKA_EXPONENT_1));
#endif
#ifdef CKA_EXPONENT_2
printf("CKA_EXPONENT_2 %lu\n",(unsigned long)(CKA_EXPONENT_2));
#endif
#ifdef CKA_COEFFICIENT
printf("CKA_COEFFICIENT %lu\n",(unsigned long)(CKA_COEFFICIENT));
#endif
#ifdef CKA_PUBLIC_KEY_INFO
printf("CKA_PUBLIC_KEY_INFO %lu\n",(unsigned long)(CKA_PUBLIC_KEY_INFO));
#endif
#ifdef CKA_PRIME
printf("CKA_PRIME %lu\n",(unsigned long)(CKA_PRIME));
#endif
#ifdef CKA_SUBPRIME
printf("CKA_SUBPRIME %lu\n",(unsigned long)(CKA_SUBPRIME));
#endif
#ifdef CKA_BASE
printf("CKA_BASE %lu\n",(unsigned long)(CKA_BASE));
#endif
#ifdef CKA_PRIME_BITS
printf("CKA_PRIME_BITS %lu\n",(unsigned long)(CKA_PRIME_BITS));
#endif
#ifdef CKA_SUBPRIME_BITS
printf("CKA_SUBPRIME_BITS %lu\n",(unsigned long)(CKA_SUBPRIME_BITS));
#endif
#ifdef CKA_SUB_PRIME_BITS
printf("CKA_SUB_PRIME_BITS %lu\n",(unsigned long)(CKA_SUB_PRIME_BITS));
#endif
#ifdef CKA_VALUE_BITS
printf("CKA_VALUE_BITS %lu\n",(unsigned long)(CKA_VALUE_BITS));
#endif
#ifdef CKA_VALUE_LEN
printf("CKA_VALUE_LEN %lu\n",(unsigned long)(CKA_VALUE_LEN));
#endif
#ifdef CKA_EXTRACTABLE
printf("CKA_EXTRACTABLE %lu\n",(unsigned long)(CKA_EXTRACTABLE));
#endif
#ifdef CKA_LOCAL
printf("CKA_LOCAL %lu\n",(unsigned long)(CKA_LOCAL));
#endif
#ifdef CKA_NEVER_EXTRACTABLE
printf("CKA_NEVER_EXTRACTABLE %lu\n",(unsigned long)(CKA_NEVER_EXTRACTABLE));
#endif
#ifdef CKA_ALWAYS_SENSITIVE
printf("CKA_ALWAYS_SENSITIVE %lu\n",(unsigned long)(CKA_ALWAYS_SENSITIVE));
#endif
#ifdef CKA_KEY_GEN_MECHANISM
printf("CKA_KEY_GEN_MECHANISM %lu\n",(unsigned long)(CKA_KEY_GEN_MECHANISM));
#endif
#ifdef CKA_MODIFIABLE
printf("CKA_MODIFIABLE %lu\n",(unsigned long)(CKA_MODIFIABLE));
#endif
#ifdef CKA_COPYABLE
printf("CKA_COPYABLE %lu\n",(unsigned long)(CKA_COPYABLE));
#endif
#ifdef CKA_DESTROYABLE
printf("CKA_DESTROYABLE %lu\n",(unsigned long)(CKA_DESTROYABLE));
#endif
#ifdef CKA_EC_PARAMS
printf("CKA_EC_PARAMS %lu\n",(unsigned long)(CKA_EC_PARAMS));
#endif
#ifdef CKA_ECDSA_PARAMS
printf("CKA_ECDSA_PARAMS %lu\n",(unsigned long)(CKA_ECDSA_PARAMS));
#endif
#ifdef CKA_EC_POINT
printf("CKA_EC_POINT %lu\n",(unsigned long)(CKA_EC_POINT));
#endif
#ifdef CKA_SECONDARY_AUTH
printf("CKA_SECONDARY_AUTH %lu\n",(unsigned long)(CKA_SECONDARY_AUTH));
#endif
#ifdef CKA_AUTH_PIN_FLAGS
printf("CKA_AUTH_PIN_FLAGS %lu\n",(unsigned long)(CKA_AUTH_PIN_FLAGS));
#endif
#ifdef CKA_ALWAYS_AUTHENTICATE
printf("CKA_ALWAYS_AUTHENTICATE %lu\n",(unsigned long)(CKA_ALWAYS_AUTHENTICATE));
#endif
#ifdef CKA_WRAP_WITH_TRUSTED
printf("CKA_WRAP_WITH_TRUSTED %lu\n",(unsigned long)(CKA_WRAP_WITH_TRUSTED));
#endif
#ifdef CKA_WRAP_TEMPLATE
printf("CKA_WRAP_TEMPLATE %lu\n",(unsigned long)(CKA_WRAP_TEMPLATE));
#endif
#ifdef CKA_UNWRAP_TEMPLATE
printf("CKA_UNWRAP_TEMPLATE %lu\n",(unsigned long)(CKA_UNWRAP_TEMPLATE));
#endif
#ifdef CKA_DERIVE_TEMPLATE
printf("CKA_DERIVE_TEMPLATE %lu\n",(unsigned long)(CKA_DERIVE_TEMPLATE));
#endif
#ifdef CKA_OTP_FORMAT
printf("CKA_OTP_FORMAT %lu\n",(unsigned long)(CKA_OTP_FORMAT));
#endif
#ifdef CKA_OTP_LENGTH
printf("CKA_OTP_LENGTH %lu\n",(unsigned long)(CKA_OTP_LENGTH));
#endif
#ifdef CKA_OTP_TIME_INTERVAL
printf("CKA_OTP_TIME_INTERVAL %lu\n",(unsigned long)(CKA_OTP_TIME_INTERVAL));
#endif
#ifdef CKA_OTP_USER_FRIENDLY_MODE
printf("CKA_OTP_USER_FRIENDLY_MODE %lu\n",(unsigned long)(CKA_OTP_USER_FRIENDLY_MODE));
#endif
#ifdef CKA_OTP_CHALLENGE_REQUIREMENT
printf("CKA_OTP_CHALLENGE_REQUIREMENT %lu\n",(unsigned long)(CKA_OTP_CHALLENGE_REQUIREMENT));
#endif
#ifdef CKA_OTP_TIME_REQUIREMENT
printf("CKA_OTP_TIME_REQUIREMENT %lu\n",(unsigned long)(CKA_OTP_TIME_REQUIREMENT));
#endif
#ifdef CKA_OTP_COUNTER_REQUIREMENT
printf("CKA_OTP_COUNTER_REQUIREMENT %lu\n",(unsigned long)(CKA_OTP_COUNTER_REQUIREMENT));
#endif
#ifdef CKA_OTP_PIN_REQUIREMENT
printf("CKA_OTP_PIN_REQUIREMENT %lu\n",(unsigned long)(CKA_OTP_PIN_REQUIREMENT));
#endif
#ifdef CKA_OTP_USER_IDENTIFIER
printf("CKA_OTP_USER_IDENTIFIER %lu\n",(unsigned long)(CKA_OTP_USER_IDENTIFIER));
#endif
#ifdef CKA_OTP_SERVICE_IDENTIFIER
printf("CKA_OTP_SERVICE_IDENTIFIER %lu\n",(unsigned long)(CKA_OTP_SERVICE_IDENTIFIER));
#endif
#ifdef CKA_OTP_SERVICE_LOGO
printf("CKA_OTP_SERVICE_LOGO %lu\n",(unsigned long)(CKA_OTP_SERVICE_LOGO));
#endif
#ifdef CKA_OTP_SERVICE_LOGO_TYPE
printf("CKA_OTP_SERVICE_LOGO_TYPE %lu\n",(unsigned long)(CKA_OTP_SERVICE_LOGO_TYPE));
#endif
#ifdef CKA_OTP_COUNTER
printf("CKA_OTP_COUNTER %lu\n",(unsigned long)(CKA_OTP_COUNTER));
#endif
#ifdef CKA_OTP_TIME
printf("CKA_OTP_TIME %lu\n",(unsigned long)(CKA_OTP_TIME));
#endif
#ifdef CKA_GOSTR3410_PARAMS
printf("CKA_GOSTR3410_PARAMS %lu\n",(unsigned long)(CKA_GOSTR3410_PARAMS));
#endif
#ifdef CKA_GOSTR3411_PARAMS
printf("CKA_GOSTR3411_PARAMS %lu\n",(unsigned long)(CKA_GOSTR3411_PARAMS));
#endif
#ifdef CKA_GOST28147_PARAMS
printf("CKA_GOST28147_PARAMS %lu\n",(unsigned long)(CKA_GOST28147_PARAMS));
#endif
#ifdef CKA_HW_FEATURE_TYPE
printf("CKA_HW_FEATURE_TYPE %lu\n",(unsigned long)(CKA_HW_FEATURE_TYPE));
#endif
#ifdef CKA_RESET_ON_INIT
printf("CKA_RESET_ON_INIT %lu\n",(unsigned long)(CKA_RESET_ON_INIT));
#endif
#ifdef CKA_HAS_RESET
printf("CKA_HAS_RESET %lu\n",(unsigned long)(CKA_HAS_RESET));
#endif
#ifdef CKA_PIXEL_X
printf("CKA_PIXEL_X %lu\n",(unsigned long)(CKA_PIXEL_X));
#endif
#ifdef CKA_PIXEL_Y
printf("CKA_PIXEL_Y %lu\n",(unsigned long)(CKA_PIXEL_Y));
#endif
#ifdef CKA_RESOLUTION
printf("CKA_RESOLUTION %lu\n",(unsigned long)(CKA_RESOLUTION));
#endif
#ifdef CKA_CHAR_ROWS
printf("CKA_CHAR_ROWS %lu\n",(unsigned long)(CKA_CHAR_ROWS));
#endif
#ifdef CKA_CHAR_COLUMNS
printf("CKA_CHAR_COLUMNS %lu\n",(unsigned long)(CKA_CHAR_COLUMNS));
#endif
#ifdef CKA_COLOR
printf("CKA_COLOR %lu\n",(unsigned long)(CKA_COLOR));
#endif
#ifdef CKA_BITS_PER_PIXEL
printf("CKA_BITS_PER_PIXEL %lu\n",(unsigned long)(CKA_BITS_PER_PIXEL));
#endif
#ifdef CKA_CHAR_SETS
printf("CKA_CHAR_SETS %lu\n",(unsigned long)(CKA_CHAR_SETS));
#endif
#ifdef CKA_ENCODING_METHODS
printf("CKA_ENCODING_METHODS %lu\n",(unsigned long)(CKA_ENCODING_METHODS));
#endif
#ifdef CKA_MIME_TYPES
printf("CKA_MIME_TYPES %lu\n",(unsigned long)(CKA_MIME_TYPES));
#endif
#ifdef CKA_MECHANISM_TYPE
printf("CKA_MECHANISM_TYPE %lu\n",(unsigned long)(CKA_MECHANISM_TYPE));
#endif
#ifdef CKA_REQUIRED_CMS_ATTRIBUTES
printf("CKA_REQUIRED_CMS_ATTRIBUTES %lu\n",(unsigned long)(CKA_REQUIRED_CMS_ATTRIBUTES));
#endif
#ifdef CKA_DEFAULT_CMS_ATTRIBUTES
printf("CKA_DEFAULT_CMS_ATTRIBUTES %lu\n",(unsigned long)(CKA_DEFAULT_CMS_ATTRIBUTES));
#endif
#ifdef CKA_SUPPORTED_CMS_ATTRIBUTES
printf("CKA_SUPPORTED_CMS_ATTRIBUTES %lu\n",(unsigned long)(CKA_SUPPORTED_CMS_ATTRIBUTES));
#endif
#ifdef CKA_ALLOWED_MECHANISMS
printf("CKA_ALLOWED_MECHANISMS %lu\n",(unsigned long)(CKA_ALLOWED_MECHANISMS));
#endif
#ifdef CKA_PROFILE_ID
printf("CKA_PROFILE_ID %lu\n",(unsigned long)(CKA_PROFILE_ID));
#endif
#ifdef CKA_X2RATCHET_BAG
printf("CKA_X2RATCHET_BAG %lu\n",(unsigned long)(CKA_X2RATCHET_BAG));
#endif
#ifdef CKA_X2RATCHET_BAGSIZE
printf("CKA_X2RATCHET_BAGSIZE %lu\n",(unsigned long)(CKA_X2RATCHET_BAGSIZE));
#endif
#ifdef CKA_X2RATCHET_BOBS1STMSG
printf("CKA_X2RATCHET_BOBS1STMSG %lu\n",(unsigned long)(CKA_X2RATCHET_BOBS1STMSG));
#endif
#ifdef CKA_X2RATCHET_CKR
printf("CKA_X2RATCHET_CKR %lu\n",(unsigned long)(CKA_X2RATCHET_CKR));
#endif
#ifdef CKA_X2RATCHET_CKS
printf("CKA_X2RATCHET_CKS %lu\n",(unsigned long)(CKA_X2RATCHET_CKS));
#endif
#ifdef CKA_X2RATCHET_DHP
printf("CKA_X2RATCHET_DHP %lu\n",(unsigned long)(CKA_X2RATCHET_DHP));
#endif
#ifdef CKA_X2RATCHET_DHR
printf("CKA_X2RATCHET_DHR %lu\n",(unsigned long)(CKA_X2RATCHET_DHR));
#endif
#ifdef CKA_X2RATCHET_DHS
printf("CKA_X2RATCHET_DHS %lu\n",(unsigned long)(CKA_X2RATCHET_DHS));
#endif
#ifdef CKA_X2RATCHET_HKR
printf("CKA_X2RATCHET_HKR %lu\n",(unsigned long)(CKA_X2RATCHET_HKR));
#endif
#ifdef CKA_X2RATCHET_HKS
printf("CKA_X2RATCHET_HKS %lu\n",(unsigned long)(CKA_X2RATCHET_HKS));
#endif
#ifdef CKA_X2RATCHET_ISALICE
printf("CKA_X2RATCHET_ISALICE %lu\n",(unsigned long)(CKA_X2RATCHET_ISALICE));
#endif
#ifdef CKA_X2RATCHET_NHKR
printf("CKA_X2RATCHET_NHKR %lu\n",(unsigned long)(CKA_X2RATCHET_NHKR));
#endif
#ifdef CKA_X2RATCHET_NHKS
printf("CKA_X2RATCHET_NHKS %lu\n",(unsigned long)(CKA_X2RATCHET_NHKS));
#endif
#ifdef CKA_X2RATCHET_NR
printf("CKA_X2RATCHET_NR %lu\n",(unsigned long)(CKA_X2RATCHET_NR));
#endif
#ifdef CKA_X2RATCHET_NS
printf("CKA_X2RATCHET_NS %lu\n",(unsigned long)(CKA_X2RATCHET_NS));
#endif
#ifdef CKA_X2RATCHET_PNS
printf("CKA_X2RATCHET_PNS %lu\n",(unsigned long)(CKA_X2RATCHET_PNS));
#endif
#ifdef CKA_X2RATCHET_RK
printf("CKA_X2RATCHET_RK %lu\n",(unsigned long)(CKA_X2RATCHET_RK));
#endif
#ifdef CKA_VENDOR_DEFINED
printf("CKA_VENDOR_DEFINED %lu\n",(unsigned long)(CKA_VENDOR_DEFINED));
#endif
#ifdef CKR_OK
printf("CKR_OK %lu\n",(unsigned long)(CKR_OK));
#endif
#ifdef CKR_CANCEL
printf("CKR_CANCEL %lu\n",(unsigned long)(CKR_CANCEL));
#endif
#ifdef CKR_HOST_MEMORY
printf("CKR_HOST_MEMORY %lu\n",(unsigned long)(CKR_HOST_MEMORY));
#endif
#ifdef CKR_SLOT_ID_INVALID
printf("CKR_SLOT_ID_INVALID %lu\n",(unsigned long)(CKR_SLOT_ID_INVALID));
#endif
#ifdef CKR_GENERAL_ERROR
printf("CKR_GENERAL_ERROR %lu\n",(unsigned long)(CKR_GENERAL_ERROR));
#endif
#ifdef CKR_FUNCTION_FAILED
printf("CKR_FUNCTION_FAILED %lu\n",(unsigned long)(CKR_FUNCTION_FAILED));
#endif
#ifdef CKR_ARGUMENTS_BAD
printf("CKR_ARGUMENTS_BAD %lu\n",(unsigned long)(CKR_ARGUMENTS_BAD));
#endif
#ifdef CKR_NO_EVENT
printf("CKR_NO_EVENT %lu\n",(unsigned long)(CKR_NO_EVENT));
#endif
#ifdef CKR_NEED_TO_CREATE_THREADS
printf("CKR_NEED_TO_CREATE_THREADS %lu\n",(unsigned long)(CKR_NEED_TO_CREATE_THREADS));
#endif
#ifdef CKR_CANT_LOCK
printf("CKR_CANT_LOCK %lu\n",(unsigned long)(CKR_CANT_LOCK));
#endif
#ifdef CKR_ATTRIBUTE_READ_ONLY
printf("CKR_ATTRIBUTE_READ_ONLY %lu\n",(unsigned long)(CKR_ATTRIBUTE_READ_ONLY));
#endif
#ifdef CKR_ATTRIBUTE_SENSITIVE
printf("CKR_ATTRIBUTE_SENSITIVE %lu\n",(unsigned long)(CKR_ATTRIBUTE_SENSITIVE));
#endif
#ifdef CKR_ATTRIBUTE_TYPE_INVALID
printf("CKR_ATTRIBUTE_TYPE_INVALID %lu\n",(unsigned long)(CKR_ATTRIBUTE_TYPE_INVALID));
#endif
#ifdef CKR_ATTRIBUTE_VALUE_INVALID
printf("CKR_ATTRIBUTE_VALUE_INVALID %lu\n",(unsigned long)(CKR_ATTRIBUTE_VALUE_INVALID));
#endif
#ifdef CKR_ACTION_PROHIBITED
printf("CKR_ACTION_PROHIBITED %lu\n",(unsigned long)(CKR_ACTION_PROHIBITED));
#endif
#ifdef CKR_DATA_INVALID
printf("CKR_DATA_INVALID %lu\n",(unsigned long)(CKR_DATA_INVALID));
#endif
#ifdef CKR_DATA_LEN_RANGE
printf("CKR_DATA_LEN_RANGE %lu\n",(unsigned long)(CKR_DATA_LEN_RANGE));
#endif
#ifdef CKR_DEVICE_ERROR
printf("CKR_DEVICE_ERROR %lu\n",(unsigned long)(CKR_DEVICE_ERROR));
#endif
#ifdef CKR_DEVICE_MEMORY
printf("CKR_DEVICE_MEMORY %lu\n",(unsigned long)(CKR_DEVICE_MEMORY));
#endif
#ifdef CKR_DEVICE_REMOVED
printf("CKR_DEVICE_REMOVED %lu\n",(unsigned long)(CKR_DEVICE_REMOVED));
#endif
#ifdef CKR_ENCRYPTED_DATA_INVALID
printf("CKR_ENCRYPTED_DATA_INVALID %lu\n",(unsigned long)(CKR_ENCRYPTED_DATA_INVALID));
#endif
#ifdef CKR_ENCRYPTED_DATA_LEN_RANGE
printf("CKR_ENCRYPTED_DATA_LEN_RANGE %lu\n",(unsigned long)(CKR_ENCRYPTED_DATA_LEN_RANGE));
#endif
#ifdef CKR_AEAD_DECRYPT_FAILED
printf("CKR_AEAD_DECRYPT_FAILED %lu\n",(unsigned long)(CKR_AEAD_DECRYPT_FAILED));
#endif
#ifdef CKR_FUNCTION_CANCELED
printf("CKR_FUNCTION_CANCELED %lu\n",(unsigned long)(CKR_FUNCTION_CANCELED));
#endif
#ifdef CKR_FUNCTION_NOT_PARALLEL
printf("CKR_FUNCTION_NOT_PARALLEL %lu\n",(unsigned long)(CKR_FUNCTION_NOT_PARALLEL));
#endif
#ifdef CKR_FUNCTION_NOT_SUPPORTED
printf("CKR_FUNCTION_NOT_SUPPORTED %lu\n",(unsigned long)(CKR_FUNCTION_NOT_SUPPORTED));
#endif
#ifdef CKR_KEY_HANDLE_INVALID
printf("CKR_KEY_HANDLE_INVALID %lu\n",(unsigned long)(CKR_KEY_HANDLE_INVALID));
#endif
#ifdef CKR_KEY_SIZE_RANGE
printf("CKR_KEY_SIZE_RANGE %lu\n",(unsigned long)(CKR_KEY_SIZE_RANGE));
#endif
#ifdef CKR_KEY_TYPE_INCONSISTENT
printf("CKR_KEY_TYPE_INCONSISTENT %lu\n",(unsigned long)(CKR_KEY_TYPE_INCONSISTENT));
#endif
#ifdef CKR_KEY_NOT_NEEDED
printf("CKR_KEY_NOT_NEEDED %lu\n",(unsigned long)(CKR_KEY_NOT_NEEDED));
#endif
#ifdef CKR_KEY_CHANGED
printf("CKR_KEY_CHANGED %lu\n",(unsigned long)(CKR_KEY_CHANGED));
#endif
#ifdef CKR_KEY_NEEDED
printf("CKR_KEY_NEEDED %lu\n",(unsigned long)(CKR_KEY_NEEDED));
#endif
#ifdef CKR_KEY_INDIGESTIBLE
printf("CKR_KEY_INDIGESTIBLE %lu\n",(unsigned long)(CKR_KEY_INDIGESTIBLE));
#endif
#ifdef CKR_KEY_FUNCTION_NOT_PERMITTED
printf("CKR_KEY_FUNCTION_NOT_PERMITTED %lu\n",(unsigned long)(CKR_KEY_FUNCTION_NOT_PERMITTED));
#endif
#ifdef CKR_KEY_NOT_WRAPPABLE
printf("CKR_KEY_NOT_WRAPPABLE %lu\n",(unsigned long)(CKR_KEY_NOT_WRAPPABLE));
#endif
#ifdef CKR_KEY_UNEXTRACTABLE
printf("CKR_KEY_UNEXTRACTABLE %lu\n",(unsigned long)(CKR_KEY_UNEXTRACTABLE));
#endif
#ifdef CKR_MECHANISM_INVALID
printf("CKR_MECHANISM_INVALID %lu\n",(unsigned long)(CKR_MECHANISM_INVALID));
#endif
#ifdef CKR_MECHANISM_PARAM_INVALID
printf("CKR_MECHANISM_PARAM_INVALID %lu\n",(unsigned long)(CKR_MECHANISM_PARAM_INVALID));
#endif
#ifdef CKR_OBJECT_HANDLE_INVALID
printf("CKR_OBJECT_HANDLE_INVALID %lu\n",(unsigned long)(CKR_OBJECT_HANDLE_INVALID));
#endif
#ifdef CKR_OPERATION_ACTIVE
printf("CKR_OPERATION_ACTIVE %lu\n",(unsigned long)(CKR_OPERATION_ACTIVE));
#endif
#ifdef CKR_OPERATION_NOT_INITIALIZED
printf("CKR_OPERATION_NOT_INITIALIZED %lu\n",(unsigned long)(CKR_OPERATION_NOT_INITIALIZED));
#endif
#ifdef CKR_PIN_INCORRECT
printf("CKR_PIN_INCORRECT %lu\n",(unsigned long)(CKR_PIN_INCORRECT));
#endif
#ifdef CKR_PIN_INVALID
printf("CKR_PIN_INVALID %lu\n",(unsigned long)(CKR_PIN_INVALID));
#endif
#ifdef CKR_PIN_LEN_RANGE
printf("CKR_PIN_LEN_RANGE %lu\n",(unsigned long)(CKR_PIN_LEN_RANGE));
#endif
#ifdef CKR_PIN_EXPIRED
printf("CKR_PIN_EXPIRED %lu\n",(unsigned long)(CKR_PIN_EXPIRED));
#endif
#ifdef CKR_PIN_LOCKED
printf("CKR_PIN_LOCKED %lu\n",(unsigned long)(CKR_PIN_LOCKED));
#endif
#ifdef CKR_SESSION_CLOSED
printf("CKR_SESSION_CLOSED %lu\n",(unsigned long)(CKR_SESSION_CLOSED));
#endif
#ifdef CKR_SESSION_COUNT
printf("CKR_SESSION_COUNT %lu\n",(unsigned long)(CKR_SESSION_COUNT));
#endif
#ifdef CKR_SESSION_HANDLE_INVALID
printf("CKR_SESSION_HANDLE_INVALID %lu\n",(unsigned long)(CKR_SESSION_HANDLE_INVALID));
#endif
#ifdef CKR_SESSION_PARALLEL_NOT_SUPPORTED
printf("CKR_SESSION_PARALLEL_NOT_SUPPORTED %lu\n",(unsigned long)(CKR_SESSION_PARALLEL_NOT_SUPPORTED));
#endif
#ifdef CKR_SESSION_READ_ONLY
printf("CKR_SESSION_READ_ONLY %lu\n",(unsigned long)(CKR_SESSION_READ_ONLY));
#endif
#ifdef CKR_SESSION_EXISTS
printf("CKR_SESSION_EXISTS %lu\n",(unsigned long)(CKR_SESSION_EXISTS));
#endif
#ifdef CKR_SESSION_READ_ONLY_EXISTS
printf("CKR_SESSION_READ_ONLY_EXISTS %lu\n",(unsigned long)(CKR_SESSION_READ_ONLY_EXISTS));
#endif
#ifdef CKR_SESSION_READ_WRITE_SO_EXISTS
printf("CKR_SESSION_READ_WRITE_SO_EXISTS %lu\n",(unsigned long)(CKR_SESSION_READ_WRITE_SO_EXISTS));
#endif
#ifdef CKR_SIGNATURE_INVALID
printf("CKR_SIGNATURE_INVALID %lu\n",(unsigned long)(CKR_SIGNATURE_INVALID));
#endif
#ifdef CKR_SIGNATURE_LEN_RANGE
printf("CKR_SIGNATURE_LEN_RANGE %lu\n",(unsigned long)(CKR_SIGNATURE_LEN_RANGE));
#endif
#ifdef CKR_TEMPLATE_INCOMPLETE
printf("CKR_TEMPLATE_INCOMPLETE %lu\n",(unsigned long)(CKR_TEMPLATE_INCOMPLETE));
#endif
#ifdef CKR_TEMPLATE_INCONSISTENT
printf("CKR_TEMPLATE_INCONSISTENT %lu\n",(unsigned long)(CKR_TEMPLATE_INCONSISTENT));
#endif
#ifdef CKR_TOKEN_NOT_PRESENT
printf("CKR_TOKEN_NOT_PRESENT %lu\n",(unsigned long)(CKR_TOKEN_NOT_PRESENT));
#endif
#ifdef CKR_TOKEN_NOT_RECOGNIZED
printf("CKR_TOKEN_NOT_RECOGNIZED %lu\n",(unsigned long)(CKR_TOKEN_NOT_RECOGNIZED));
#endif
#ifdef CKR_TOKEN_WRITE_PROTECTED
printf("CKR_TOKEN_WRITE_PROTECTED %lu\n",(unsigned long)(CKR_TOKEN_WRITE_PROTECTED));
#endif
#ifdef CKR_UNWRAPPING_KEY_HANDLE_INVALID
printf("CKR_UNWRAPPING_KEY_HANDLE_INVALID %lu\n",(unsigned long)(CKR_UNWRAPPING_KEY_HANDLE_INVALID));
#endif
#ifdef CKR_UNWRAPPING_KEY_SIZE_RANGE
printf("CKR_UNWRAPPING_KEY_SIZE_RANGE %lu\n",(unsigned long)(CKR_UNWRAPPING_KEY_SIZE_RANGE));
#endif
#ifdef CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT
printf("CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT %lu\n",(unsigned long)(CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT));
#endif
#ifdef CKR_USER_ALREADY_LOGGED_IN
printf("CKR_USER_ALREADY_LOGGED_IN %lu\n",(unsigned long)(CKR_USER_ALREADY_LOGGED_IN));
#endif
#ifdef CKR_USER_NOT_LOGGED_IN
printf("CKR_USER_NOT_LOGGED_IN %lu\n",(unsigned long)(CKR_USER_NOT_LOGGED_IN));
#endif
#ifdef CKR_USER_PIN_NOT_INITIALIZED
printf("CKR_USER_PIN_NOT_INITIALIZED %lu\n",(unsigned long)(CKR_USER_PIN_NOT_INITIALIZED));
#endif
#ifdef CKR_USER_TYPE_INVALID
printf("CKR_USER_TYPE_INVALID %lu\n",(unsigned long)(CKR_USER_TYPE_INVALID));
#endif
#ifdef CKR_USER_ANOTHER_ALREADY_LOGGED_IN
printf("CKR_USER_ANOTHER_ALREADY_LOGGED_IN %lu\n",(unsigned long)(CKR_USER_ANOTHER_ALREADY_LOGGED_IN));
#endif
#ifdef CKR_USER_TOO_MANY_TYPES
printf("CKR_USER_TOO_MANY_TYPES %lu\n",(unsigned long)(CKR_USER_TOO_MANY_TYPES));
#endif
#ifdef CKR_WRAPPED_KEY_INVALID
printf("CKR_WRAPPED_KEY_INVALID %lu\n",(unsigned long)(CKR_WRAPPED_KEY_INVALID));
#endif
#ifdef CKR_WRAPPED_KEY_LEN_RANGE
printf("CKR_WRAPPED_KEY_LEN_RANGE %lu\n",(unsigned long)(CKR_WRAPPED_KEY_LEN_RANGE));
#endif
#ifdef CKR_WRAPPING_KEY_HANDLE_INVALID
printf("CKR_WRAPPING_KEY_HANDLE_INVALID %lu\n",(unsigned long)(CKR_WRAPPING_KEY_HANDLE_INVALID));
#endif
#ifdef CKR_WRAPPING_KEY_SIZE_RANGE
printf("CKR_WRAPPING_KEY_SIZE_RANGE %lu\n",(unsigned long)(CKR_WRAPPING_KEY_SIZE_RANGE));
#endif
#ifdef CKR_WRAPPING_KEY_TYPE_INCONSISTENT
printf("CKR_WRAPPING_KEY_TYPE_INCONSISTENT %lu\n",(unsigned long)(CKR_WRAPPING_KEY_TYPE_INCONSISTENT));
#endif
#ifdef CKR_RANDOM_SEED_NOT_SUPPORTED
printf("CKR_RANDOM_SEED_NOT_SUPPORTED %lu\n",(unsigned long)(CKR_RANDOM_SEED_NOT_SUPPORTED));
#endif
#ifdef CKR_RANDOM_NO_RNG
printf("CKR_RANDOM_NO_RNG %lu\n",(unsigned long)(CKR_RANDOM_NO_RNG));
#endif
#ifdef CKR_DOMAIN_PARAMS_INVALID
printf("CKR_DOMAIN_PARAMS_INVALID %lu\n",(unsigned long)(CKR_DOMAIN_PARAMS_INVALID));
#endif
#ifdef CKR_CURVE_NOT_SUPPORTED
printf("CKR_CURVE_NOT_SUPPORTED %lu\n",(unsigned long)(CKR_CURVE_NOT_SUPPORTED));
#endif
#ifdef CKR_BUFFER_TOO_SMALL
printf("CKR_BUFFER_TOO_SMALL %lu\n",(unsigned long)(CKR_BUFFER_TOO_SMALL));
#endif
#ifdef CKR_SAVED_STATE_INVALID
printf("CKR_SAVED_STATE_INVALID %lu\n",(unsigned long)(CKR_SAVED_STATE_INVALID));
#endif
#ifdef CKR_INFORMATION_SENSITIVE
printf("CKR_INFORMATION_SENSITIVE %lu\n",(unsigned long)(CKR_INFORMATION_SENSITIVE));
#endif
#ifdef CKR_STATE_UNSAVEABLE
printf("CKR_STATE_UNSAVEABLE %lu\n",(unsigned long)(CKR_STATE_UNSAVEABLE));
#endif
#ifdef CKR_CRYPTOKI_NOT_INITIALIZED
printf("CKR_CRYPTOKI_NOT_INITIALIZED %lu\n",(unsigned long)(CKR_CRYPTOKI_NOT_INITIALIZED));
#endif
#ifdef CKR_CRYPTOKI_ALREADY_INITIALIZED
printf("CKR_CRYPTOKI_ALREADY_INITIALIZED %lu\n",(unsigned long)(CKR_CRYPTOKI_ALREADY_INITIALIZED));
#endif
#ifdef CKR_MUTEX_BAD
printf("CKR_MUTEX_BAD %lu\n",(unsigned long)(CKR_MUTEX_BAD));
#endif
#ifdef CKR_MUTEX_NOT_LOCKED
printf("CKR_MUTEX_NOT_LOCKED %lu\n",(unsigned long)(CKR_MUTEX_NOT_LOCKED));
#endif
#ifdef CKR_NEW_PIN_MODE
printf("CKR_NEW_PIN_MODE %lu\n",(unsigned long)(CKR_NEW_PIN_MODE));
#endif
#ifdef CKR_NEXT_OTP
printf("CKR_NEXT_OTP %lu\n",(unsigned long)(CKR_NEXT_OTP));
#endif
#ifdef CKR_EXCEEDED_MAX_ITERATIONS
printf("CKR_EXCEEDED_MAX_ITERATIONS %lu\n",(unsigned long)(CKR_EXCEEDED_MAX_ITERATIONS));
#endif
#ifdef CKR_FIPS_SELF_TEST_FAILED
printf("CKR_FIPS_SELF_TEST_FAILED %lu\n",(unsigned long)(CKR_FIPS_SELF_TEST_FAILED));
#endif
#ifdef CKR_LIBRARY_LOAD_FAILED
printf("CKR_LIBRARY_LOAD_FAILED %lu\n",(unsigned long)(CKR_LIBRARY_LOAD_FAILED));
#endif
#ifdef CKR_PIN_TOO_WEAK
printf("CKR_PIN_TOO_WEAK %lu\n",(unsigned long)(CKR_PIN_TOO_WEAK));
#endif
#ifdef CKR_PUBLIC_KEY_INVALID
printf("CKR_PUBLIC_KEY_INVALID %lu\n",(unsigned long)(CKR_PUBLIC_KEY_INVALID));
#endif
#ifdef CKR_FUNCTION_REJECTED
printf("CKR_FUNCTION_REJECTED %lu\n",(unsigned long)(CKR_FUNCTION_REJECTED));
#endif
#ifdef CKR_TOKEN_RESOURCE_EXCEEDED
printf("CKR_TOKEN_RESOURCE_EXCEEDED %lu\n",(unsigned long)(CKR_TOKEN_RESOURCE_EXCEEDED));
#endif
#ifdef CKR_OPERATION_CANCEL_FAILED
printf("CKR_OPERATION_CANCEL_FAILED %lu\n",(unsigned long)(CKR_OPERATION_CANCEL_FAILED));
#endif
#ifdef CKR_VENDOR_DEFINED
printf("CKR_VENDOR_DEFINED %lu\n",(unsigned long)(CKR_VENDOR_DEFINED));
#endif
#ifdef CKF_TOKEN_PRESENT
printf("CKF_TOKEN_PRESENT %lu\n",(unsigned long)(CKF_TOKEN_PRESENT));
#endif
#ifdef CKF_REMOVABLE_DEVICE
printf("CKF_REMOVABLE_DEVICE %lu\n",(unsigned long)(CKF_REMOVABLE_DEVICE));
#endif
#ifdef CKF_HW_SLOT
printf("CKF_HW_SLOT %lu\n",(unsigned long)(CKF_HW_SLOT));
#endif
#ifdef CKF_RNG
printf("CKF_RNG %lu\n",(unsigned long)(CKF_RNG));
#endif
#ifdef CKF_WRITE_PROTECTED
printf("CKF_WRITE_PROTECTED %lu\n",(unsigned long)(CKF_WRITE_PROTECTED));
#endif
#ifdef CKF_LOGIN_REQUIRED
printf("CKF_LOGIN_REQUIRED %lu\n",(unsigned long)(CKF_LOGIN_REQUIRED));
#endif
#ifdef CKF_USER_PIN_INITIALIZED
printf("CKF_USER_PIN_INITIALIZED %lu\n",(unsigned long)(CKF_USER_PIN_INITIALIZED));
#endif
#ifdef CKF_RESTORE_KEY_NOT_NEEDED
printf("CKF_RESTORE_KEY_NOT_NEEDED %lu\n",(unsigned long)(CKF_RESTORE_KEY_NOT_NEEDED));
#endif
#ifdef CKF_CLOCK_ON_TOKEN
printf("CKF_CLOCK_ON_TOKEN %lu\n",(unsigned long)(CKF_CLOCK_ON_TOKEN));
#endif
#ifdef CKF_PROTECTED_AUTHENTICATION_PATH
printf("CKF_PROTECTED_AUTHENTICATION_PATH %lu\n",(unsigned long)(CKF_PROTECTED_AUTHENTICATION_PATH));
#endif
#ifdef CKF_DUAL_CRYPTO_OPERATIONS
printf("CKF_DUAL_CRYPTO_OPERATIONS %lu\n",(unsigned long)(CKF_DUAL_CRYPTO_OPERATIONS));
#endif
#ifdef CKF_TOKEN_INITIALIZED
printf("CKF_TOKEN_INITIALIZED %lu\n",(unsigned long)(CKF_TOKEN_INITIALIZED));
#endif
#ifdef CKF_SECONDARY_AUTHENTICATION
printf("CKF_SECONDARY_AUTHENTICATION %lu\n",(unsigned long)(CKF_SECONDARY_AUTHENTICATION));
#endif
#ifdef CKF_USER_PIN_COUNT_LOW
printf("CKF_USER_PIN_COUNT_LOW %lu\n",(unsigned long)(CKF_USER_PIN_COUNT_LOW));
#endif
#ifdef CKF_USER_PIN_FINAL_TRY
printf("CKF_USER_PIN_FINAL_TRY %lu\n",(unsigned long)(CKF_USER_PIN_FINAL_TRY));
#endif
#ifdef CKF_USER_PIN_LOCKED
printf("CKF_USER_PIN_LOCKED %lu\n",(unsigned long)(CKF_USER_PIN_LOCKED));
#endif
#ifdef CKF_USER_PIN_TO_BE_CHANGED
printf("CKF_USER_PIN_TO_BE_CHANGED %lu\n",(unsigned long)(CKF_USER_PIN_TO_BE_CHANGED));
#endif
#ifdef CKF_SO_PIN_COUNT_LOW
printf("CKF_SO_PIN_COUNT_LOW %lu\n",(unsigned long)(CKF_SO_PIN_COUNT_LOW));
#endif
#ifdef CKF_SO_PIN_FINAL_TRY
printf("CKF_SO_PIN_FINAL_TRY %lu\n",(unsigned long)(CKF_SO_PIN_FINAL_TRY));
#endif
#ifdef CKF_SO_PIN_LOCKED
printf("CKF_SO_PIN_LOCKED %lu\n",(unsigned long)(CKF_SO_PIN_LOCKED));
#endif
#ifdef CKF_SO_PIN_TO_BE_CHANGED
printf("CKF_SO_PIN_TO_BE_CHANGED %lu\n",(unsigned long)(CKF_SO_PIN_TO_BE_CHANGED));
#endif
#ifdef CKF_ERROR_STATE
printf("CKF_ERROR_STATE %lu\n",(unsigned long)(CKF_ERROR_STATE));
#endif
#ifdef CKF_RW_SESSION
printf("CKF_RW_SESSION %lu\n",(unsigned long)(CKF_RW_SESSION));
#endif
#ifdef CKF_SERIAL_SESSION
printf("CKF_SERIAL_SESSION %lu\n",(unsigned long)(CKF_SERIAL_SESSION));
#endif
#ifdef CKF_ARRAY_ATTRIBUTE
printf("CKF_ARRAY_ATTRIBUTE %lu\n",(unsigned long)(CKF_ARRAY_ATTRIBUTE));
#endif
#ifdef CKF_HW
printf("CKF_HW %lu\n",(unsigned long)(CKF_HW));
#endif
#ifdef CKF_MESSAGE_ENCRYPT
printf("CKF_MESSAGE_ENCRYPT %lu\n",(unsigned long)(CKF_MESSAGE_ENCRYPT));
#endif
#ifdef CKF_MESSAGE_DECRYPT
printf("CKF_MESSAGE_DECRYPT %lu\n",(unsigned long)(CKF_MESSAGE_DECRYPT));
#endif
#ifdef CKF_MESSAGE_SIGN
printf("CKF_MESSAGE_SIGN %lu\n",(unsigned long)(CKF_MESSAGE_SIGN));
#endif
#ifdef CKF_MESSAGE_VERIFY
printf("CKF_MESSAGE_VERIFY %lu\n",(unsigned long)(CKF_MESSAGE_VERIFY));
#endif
#ifdef CKF_MULTI_MESSAGE
printf("CKF_MULTI_MESSAGE %lu\n",(unsigned long)(CKF_MULTI_MESSAGE));
#endif
#ifdef CKF_MULTI_MESSGE
printf("CKF_MULTI_MESSGE %lu\n",(unsigned long)(CKF_MULTI_MESSGE));
#endif
#ifdef CKF_FIND_OBJECTS
printf("CKF_FIND_OBJECTS %lu\n",(unsigned long)(CKF_FIND_OBJECTS));
#endif
#ifdef CKF_ENCRYPT
printf("CKF_ENCRYPT %lu\n",(unsigned long)(CKF_ENCRYPT));
#endif
#ifdef CKF_DECRYPT
printf("CKF_DECRYPT %lu\n",(unsigned long)(CKF_DECRYPT));
#endif
#ifdef CKF_DIGEST
printf("CKF_DIGEST %lu\n",(unsigned long)(CKF_DIGEST));
#endif
#ifdef CKF_SIGN
printf("CKF_SIGN %lu\n",(unsigned long)(CKF_SIGN));
#endif
#ifdef CKF_SIGN_RECOVER
printf("CKF_SIGN_RECOVER %lu\n",(unsigned long)(CKF_SIGN_RECOVER));
#endif
#ifdef CKF_VERIFY
printf("CKF_VERIFY %lu\n",(unsigned long)(CKF_VERIFY));
#endif
#ifdef CKF_VERIFY_RECOVER
printf("CKF_VERIFY_RECOVER %lu\n",(unsigned long)(CKF_VERIFY_RECOVER));
#endif
#ifdef CKF_GENERATE
printf("CKF_GENERATE %lu\n",(unsigned long)(CKF_GENERATE));
#endif
#ifdef CKF_GENERATE_KEY_PAIR
printf("CKF_GENERATE_KEY_PAIR %lu\n",(unsigned long)(CKF_GENERATE_KEY_PAIR));
#endif
#ifdef CKF_WRAP
printf("CKF_WRAP %lu\n",(unsigned long)(CKF_WRAP));
#endif
#ifdef CKF_UNWRAP
printf("CKF_UNWRAP %lu\n",(unsigned long)(CKF_UNWRAP));
#endif
#ifdef CKF_DERIVE
printf("CKF_DERIVE %lu\n",(unsigned long)(CKF_DERIVE));
#endif
#ifdef CKF_EC_F_P
printf("CKF_EC_F_P %lu\n",(unsigned long)(CKF_EC_F_P));
#endif
#ifdef CKF_EC_F_2M
printf("CKF_EC_F_2M %lu\n",(unsigned long)(CKF_EC_F_2M));
#endif
#ifdef CKF_EC_ECPARAMETERS
printf("CKF_EC_ECPARAMETERS %lu\n",(unsigned long)(CKF_EC_ECPARAMETERS));
#endif
#ifdef CKF_EC_OID
printf("CKF_EC_OID %lu\n",(unsigned long)(CKF_EC_OID));
#endif
#ifdef CKF_EC_NAMEDCURVE
printf("CKF_EC_NAMEDCURVE %lu\n",(unsigned long)(CKF_EC_NAMEDCURVE));
#endif
#ifdef CKF_EC_UNCOMPRESS
printf("CKF_EC_UNCOMPRESS %lu\n",(unsigned long)(CKF_EC_UNCOMPRESS));
#endif
#ifdef CKF_EC_COMPRESS
printf("CKF_EC_COMPRESS %lu\n",(unsigned long)(CKF_EC_COMPRESS));
#endif
#ifdef CKF_EC_CURVENAME
printf("CKF_EC_CURVENAME %lu\n",(unsigned long)(CKF_EC_CURVENAME));
#endif
#ifdef CKF_EXTENSION
printf("CKF_EXTENSION %lu\n",(unsigned long)(CKF_EXTENSION));
#endif
#ifdef CKF_LIBRARY_CANT_CREATE_OS_THREADS
printf("CKF_LIBRARY_CANT_CREATE_OS_THREADS %lu\n",(unsigned long)(CKF_LIBRARY_CANT_CREATE_OS_THREADS));
#endif
#ifdef CKF_OS_LOCKING_OK
printf("CKF_OS_LOCKING_OK %lu\n",(unsigned long)(CKF_OS_LOCKING_OK));
#endif
#ifdef CKF_DONT_BLOCK
printf("CKF_DONT_BLOCK %lu\n",(unsigned long)(CKF_DONT_BLOCK));
#endif
#ifdef CKF_NEXT_OTP
printf("CKF_NEXT_OTP %lu\n",(unsigned long)(CKF_NEXT_OTP));
#endif
#ifdef CKF_EXCLUDE_TIME
printf("CKF_EXCLUDE_TIME %lu\n",(unsigned long)(CKF_EXCLUDE_TIME));
#endif
#ifdef CKF_EXCLUDE_COUNTER
printf("CKF_EXCLUDE_COUNTER %lu\n",(unsigned long)(CKF_EXCLUDE_COUNTER));
#endif
#ifdef CKF_EXCLUDE_CHALLENGE
printf("CKF_EXCLUDE_CHALLENGE %lu\n",(unsigned long)(CKF_EXCLUDE_CHALLENGE));
#endif
#ifdef CKF_EXCLUDE_PIN
printf("CKF_EXCLUDE_PIN %lu\n",(unsigned long)(CKF_EXCLUDE_PIN));
#endif
#ifdef CKF_USER_FRIENDLY_OTP
printf("CKF_USER_FRIENDLY_OTP %lu\n",(unsigned long)(CKF_USER_FRIENDLY_OTP));
#endif
#ifdef CKF_INTERFACE_FORK_SAFE
printf("CKF_INTERFACE_FORK_SAFE %lu\n",(unsigned long)(CKF_INTERFACE_FORK_SAFE));
#endif
#ifdef CKF_END_OF_MESSAGE
printf("CKF_END_OF_MESSAGE %lu\n",(unsigned long)(CKF_END_OF_MESSAGE));
#endif
#ifdef CKF_HKDF_SALT_NULL
printf("CKF_HKDF_SALT_NULL %lu\n",(unsigned long)(CKF_HKDF_SALT_NULL));
#endif
#ifdef CKF_HKDF_SALT_DATA
printf("CKF_HKDF_SALT_DATA %lu\n",(unsigned long)(CKF_HKDF_SALT_DATA));
#endif
#ifdef CKF_HKDF_SALT_KEY
printf("CKF_HKDF_SALT_KEY %lu\n",(unsigned long)(CKF_HKDF_SALT_KEY));
#endif
#ifdef CKM_RSA_PKCS_KEY_PAIR_GEN
printf("CKM_RSA_PKCS_KEY_PAIR_GEN %lu\n",(unsigned long)(CKM_RSA_PKCS_KEY_PAIR_GEN));
#endif
#ifdef CKM_RSA_PKCS
printf("CKM_RSA_PKCS %lu\n",(unsigned long)(CKM_RSA_PKCS));
#endif
#ifdef CKM_RSA_9796
printf("CKM_RSA_9796 %lu\n",(unsigned long)(CKM_RSA_9796));
#endif
#ifdef CKM_RSA_X_509
printf("CKM_RSA_X_509 %lu\n",(unsigned long)(CKM_RSA_X_509));
#endif
#ifdef CKM_MD2_RSA_PKCS
printf("CKM_MD2_RSA_PKCS %lu\n",(unsigned long)(CKM_MD2_RSA_PKCS));
#endif
#ifdef CKM_MD5_RSA_PKCS
printf("CKM_MD5_RSA_PKCS %lu\n",(unsigned long)(CKM_MD5_RSA_PKCS));
#endif
#ifdef CKM_SHA1_RSA_PKCS
printf("CKM_SHA1_RSA_PKCS %lu\n",(unsigned long)(CKM_SHA1_RSA_PKCS));
#endif
#ifdef CKM_RIPEMD128_RSA_PKCS
printf("CKM_RIPEMD128_RSA_PKCS %lu\n",(unsigned long)(CKM_RIPEMD128_RSA_PKCS));
#endif
#ifdef CKM_RIPEMD160_RSA_PKCS
printf("CKM_RIPEMD160_RSA_PKCS %lu\n",(unsigned long)(CKM_RIPEMD160_RSA_PKCS));
#endif
#ifdef CKM_RSA_PKCS_OAEP
printf("CKM_RSA_PKCS_OAEP %lu\n",(unsigned long)(CKM_RSA_PKCS_OAEP));
#endif
#ifdef CKM_RSA_X9_31_KEY_PAIR_GEN
printf("CKM_RSA_X9_31_KEY_PAIR_GEN %lu\n",(unsigned long)(CKM_RSA_X9_31_KEY_PAIR_GEN));
#endif
#ifdef CKM_RSA_X9_31
printf("CKM_RSA_X9_31 %lu\n",(unsigned long)(CKM_RSA_X9_31));
#endif
#ifdef CKM_SHA1_RSA_X9_31
printf("CKM_SHA1_RSA_X9_31 %lu\n",(unsigned long)(CKM_SHA1_RSA_X9_31));
#endif
#ifdef CKM_RSA_PKCS_PSS
printf("CKM_RSA_PKCS_PSS %lu\n",(unsigned long)(CKM_RSA_PKCS_PSS));
#endif
#ifdef CKM_SHA1_RSA_PKCS_PSS
printf("CKM_SHA1_RSA_PKCS_PSS %lu\n",(unsigned long)(CKM_SHA1_RSA_PKCS_PSS));
#endif
#ifdef CKM_DSA_KEY_PAIR_GEN
printf("CKM_DSA_KEY_PAIR_GEN %lu\n",(unsigned long)(CKM_DSA_KEY_PAIR_GEN));
#endif
#ifdef CKM_DSA
printf("CKM_DSA %lu\n",(unsigned long)(CKM_DSA));
#endif
#ifdef CKM_DSA_SHA1
printf("CKM_DSA_SHA1 %lu\n",(unsigned long)(CKM_DSA_SHA1));
#endif
#ifdef CKM_DSA_SHA224
printf("CKM_DSA_SHA224 %lu\n",(unsigned long)(CKM_DSA_SHA224));
#endif
#ifdef CKM_DSA_SHA256
printf("CKM_DSA_SHA256 %lu\n",(unsigned long)(CKM_DSA_SHA256));
#endif
#ifdef CKM_DSA_SHA384
printf("CKM_DSA_SHA384 %lu\n",(unsigned long)(CKM_DSA_SHA384));
#endif
#ifdef CKM_DSA_SHA512
printf("CKM_DSA_SHA512 %lu\n",(unsigned long)(CKM_DSA_SHA512));
#endif
#ifdef CKM_DSA_SHA3_224
printf("CKM_DSA_SHA3_224 %lu\n",(unsigned long)(CKM_DSA_SHA3_224));
#endif
#ifdef CKM_DSA_SHA3_256
printf("CKM_DSA_SHA3_256 %lu\n",(unsigned long)(CKM_DSA_SHA3_256));
#endif
#ifdef CKM_DSA_SHA3_384
printf("CKM_DSA_SHA3_384 %lu\n",(unsigned long)(CKM_DSA_SHA3_384));
#endif
#ifdef CKM_DSA_SHA3_512
printf("CKM_DSA_SHA3_512 %lu\n",(unsigned long)(CKM_DSA_SHA3_512));
#endif
#ifdef CKM_DH_PKCS_KEY_PAIR_GEN
printf("CKM_DH_PKCS_KEY_PAIR_GEN %lu\n",(unsigned long)(CKM_DH_PKCS_KEY_PAIR_GEN));
#endif
#ifdef CKM_DH_PKCS_DERIVE
printf("CKM_DH_PKCS_DERIVE %lu\n",(unsigned long)(CKM_DH_PKCS_DERIVE));
#endif
#ifdef CKM_X9_42_DH_KEY_PAIR_GEN
printf("CKM_X9_42_DH_KEY_PAIR_GEN %lu\n",(unsigned long)(CKM_X9_42_DH_KEY_PAIR_GEN));
#endif
#ifdef CKM_X9_42_DH_DERIVE
printf("CKM_X9_42_DH_DERIVE %lu\n",(unsigned long)(CKM_X9_42_DH_DERIVE));
#endif
#ifdef CKM_X9_42_DH_HYBRID_DERIVE
printf("CKM_X9_42_DH_HYBRID_DERIVE %lu\n",(unsigned long)(CKM_X9_42_DH_HYBRID_DERIVE));
#endif
#ifdef CKM_X9_42_MQV_DERIVE
printf("CKM_X9_42_MQV_DERIVE %lu\n",(unsigned long)(CKM_X9_42_MQV_DERIVE));
#endif
#ifdef CKM_SHA256_RSA_PKCS
printf("CKM_SHA256_RSA_PKCS %lu\n",(unsigned long)(CKM_SHA256_RSA_PKCS));
#endif
#ifdef CKM_SHA384_RSA_PKCS
printf("CKM_SHA384_RSA_PKCS %lu\n",(unsigned long)(CKM_SHA384_RSA_PKCS));
#endif
#ifdef CKM_SHA512_RSA_PKCS
printf("CKM_SHA512_RSA_PKCS %lu\n",(unsigned long)(CKM_SHA512_RSA_PKCS));
#endif
#ifdef CKM_SHA256_RSA_PKCS_PSS
printf("CKM_SHA256_RSA_PKCS_PSS %lu\n",(unsigned long)(CKM_SHA256_RSA_PKCS_PSS));
#endif
#ifdef CKM_SHA384_RSA_PKCS_PSS
printf("CKM_SHA384_RSA_PKCS_PSS %lu\n",(unsigned long)(CKM_SHA384_RSA_PKCS_PSS));
#endif
#ifdef CKM_SHA512_RSA_PKCS_PSS
printf("CKM_SHA512_RSA_PKCS_PSS %lu\n",(unsigned long)(CKM_SHA512_RSA_PKCS_PSS));
#endif
#ifdef CKM_SHA224_RSA_PKCS
printf("CKM_SHA224_RSA_PKCS %lu\n",(unsigned long)(CKM_SHA224_RSA_PKCS));
#endif
#ifdef CKM_SHA224_RSA_PKCS_PSS
printf("CKM_SHA224_RSA_PKCS_PSS %lu\n",(unsigned long)(CKM_SHA224_RSA_PKCS_PSS));
#endif
#ifdef CKM_SHA512_224
printf("CKM_SHA512_224 %lu\n",(unsigned long)(CKM_SHA512_224));
#endif
#ifdef CKM_SHA512_224_HMAC
printf("CKM_SHA512_224_HMAC %lu\n",(unsigned long)(CKM_SHA512_224_HMAC));
#endif
#ifdef CKM_SHA512_224_HMAC_GENERAL
printf("CKM_SHA512_224_HMAC_GENERAL %lu\n",(unsigned long)(CKM_SHA512_224_HMAC_GENERAL));
#endif
#ifdef CKM_SHA512_224_KEY_DERIVATION
printf("CKM_SHA512_224_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHA512_224_KEY_DERIVATION));
#endif
#ifdef CKM_SHA512_256
printf("CKM_SHA512_256 %lu\n",(unsigned long)(CKM_SHA512_256));
#endif
#ifdef CKM_SHA512_256_HMAC
printf("CKM_SHA512_256_HMAC %lu\n",(unsigned long)(CKM_SHA512_256_HMAC));
#endif
#ifdef CKM_SHA512_256_HMAC_GENERAL
printf("CKM_SHA512_256_HMAC_GENERAL %lu\n",(unsigned long)(CKM_SHA512_256_HMAC_GENERAL));
#endif
#ifdef CKM_SHA512_256_KEY_DERIVATION
printf("CKM_SHA512_256_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHA512_256_KEY_DERIVATION));
#endif
#ifdef CKM_SHA512_T
printf("CKM_SHA512_T %lu\n",(unsigned long)(CKM_SHA512_T));
#endif
#ifdef CKM_SHA512_T_HMAC
printf("CKM_SHA512_T_HMAC %lu\n",(unsigned long)(CKM_SHA512_T_HMAC));
#endif
#ifdef CKM_SHA512_T_HMAC_GENERAL
printf("CKM_SHA512_T_HMAC_GENERAL %lu\n",(unsigned long)(CKM_SHA512_T_HMAC_GENERAL));
#endif
#ifdef CKM_SHA512_T_KEY_DERIVATION
printf("CKM_SHA512_T_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHA512_T_KEY_DERIVATION));
#endif
#ifdef CKM_SHA3_256_RSA_PKCS
printf("CKM_SHA3_256_RSA_PKCS %lu\n",(unsigned long)(CKM_SHA3_256_RSA_PKCS));
#endif
#ifdef CKM_SHA3_384_RSA_PKCS
printf("CKM_SHA3_384_RSA_PKCS %lu\n",(unsigned long)(CKM_SHA3_384_RSA_PKCS));
#endif
#ifdef CKM_SHA3_512_RSA_PKCS
printf("CKM_SHA3_512_RSA_PKCS %lu\n",(unsigned long)(CKM_SHA3_512_RSA_PKCS));
#endif
#ifdef CKM_SHA3_256_RSA_PKCS_PSS
printf("CKM_SHA3_256_RSA_PKCS_PSS %lu\n",(unsigned long)(CKM_SHA3_256_RSA_PKCS_PSS));
#endif
#ifdef CKM_SHA3_384_RSA_PKCS_PSS
printf("CKM_SHA3_384_RSA_PKCS_PSS %lu\n",(unsigned long)(CKM_SHA3_384_RSA_PKCS_PSS));
#endif
#ifdef CKM_SHA3_512_RSA_PKCS_PSS
printf("CKM_SHA3_512_RSA_PKCS_PSS %lu\n",(unsigned long)(CKM_SHA3_512_RSA_PKCS_PSS));
#endif
#ifdef CKM_SHA3_224_RSA_PKCS
printf("CKM_SHA3_224_RSA_PKCS %lu\n",(unsigned long)(CKM_SHA3_224_RSA_PKCS));
#endif
#ifdef CKM_SHA3_224_RSA_PKCS_PSS
printf("CKM_SHA3_224_RSA_PKCS_PSS %lu\n",(unsigned long)(CKM_SHA3_224_RSA_PKCS_PSS));
#endif
#ifdef CKM_RC2_KEY_GEN
printf("CKM_RC2_KEY_GEN %lu\n",(unsigned long)(CKM_RC2_KEY_GEN));
#endif
#ifdef CKM_RC2_ECB
printf("CKM_RC2_ECB %lu\n",(unsigned long)(CKM_RC2_ECB));
#endif
#ifdef CKM_RC2_CBC
printf("CKM_RC2_CBC %lu\n",(unsigned long)(CKM_RC2_CBC));
#endif
#ifdef CKM_RC2_MAC
printf("CKM_RC2_MAC %lu\n",(unsigned long)(CKM_RC2_MAC));
#endif
#ifdef CKM_RC2_MAC_GENERAL
printf("CKM_RC2_MAC_GENERAL %lu\n",(unsigned long)(CKM_RC2_MAC_GENERAL));
#endif
#ifdef CKM_RC2_CBC_PAD
printf("CKM_RC2_CBC_PAD %lu\n",(unsigned long)(CKM_RC2_CBC_PAD));
#endif
#ifdef CKM_RC4_KEY_GEN
printf("CKM_RC4_KEY_GEN %lu\n",(unsigned long)(CKM_RC4_KEY_GEN));
#endif
#ifdef CKM_RC4
printf("CKM_RC4 %lu\n",(unsigned long)(CKM_RC4));
#endif
#ifdef CKM_DES_KEY_GEN
printf("CKM_DES_KEY_GEN %lu\n",(unsigned long)(CKM_DES_KEY_GEN));
#endif
#ifdef CKM_DES_ECB
printf("CKM_DES_ECB %lu\n",(unsigned long)(CKM_DES_ECB));
#endif
#ifdef CKM_DES_CBC
printf("CKM_DES_CBC %lu\n",(unsigned long)(CKM_DES_CBC));
#endif
#ifdef CKM_DES_MAC
printf("CKM_DES_MAC %lu\n",(unsigned long)(CKM_DES_MAC));
#endif
#ifdef CKM_DES_MAC_GENERAL
printf("CKM_DES_MAC_GENERAL %lu\n",(unsigned long)(CKM_DES_MAC_GENERAL));
#endif
#ifdef CKM_DES_CBC_PAD
printf("CKM_DES_CBC_PAD %lu\n",(unsigned long)(CKM_DES_CBC_PAD));
#endif
#ifdef CKM_DES2_KEY_GEN
printf("CKM_DES2_KEY_GEN %lu\n",(unsigned long)(CKM_DES2_KEY_GEN));
#endif
#ifdef CKM_DES3_KEY_GEN
printf("CKM_DES3_KEY_GEN %lu\n",(unsigned long)(CKM_DES3_KEY_GEN));
#endif
#ifdef CKM_DES3_ECB
printf("CKM_DES3_ECB %lu\n",(unsigned long)(CKM_DES3_ECB));
#endif
#ifdef CKM_DES3_CBC
printf("CKM_DES3_CBC %lu\n",(unsigned long)(CKM_DES3_CBC));
#endif
#ifdef CKM_DES3_MAC
printf("CKM_DES3_MAC %lu\n",(unsigned long)(CKM_DES3_MAC));
#endif
#ifdef CKM_DES3_MAC_GENERAL
printf("CKM_DES3_MAC_GENERAL %lu\n",(unsigned long)(CKM_DES3_MAC_GENERAL));
#endif
#ifdef CKM_DES3_CBC_PAD
printf("CKM_DES3_CBC_PAD %lu\n",(unsigned long)(CKM_DES3_CBC_PAD));
#endif
#ifdef CKM_DES3_CMAC_GENERAL
printf("CKM_DES3_CMAC_GENERAL %lu\n",(unsigned long)(CKM_DES3_CMAC_GENERAL));
#endif
#ifdef CKM_DES3_CMAC
printf("CKM_DES3_CMAC %lu\n",(unsigned long)(CKM_DES3_CMAC));
#endif
#ifdef CKM_CDMF_KEY_GEN
printf("CKM_CDMF_KEY_GEN %lu\n",(unsigned long)(CKM_CDMF_KEY_GEN));
#endif
#ifdef CKM_CDMF_ECB
printf("CKM_CDMF_ECB %lu\n",(unsigned long)(CKM_CDMF_ECB));
#endif
#ifdef CKM_CDMF_CBC
printf("CKM_CDMF_CBC %lu\n",(unsigned long)(CKM_CDMF_CBC));
#endif
#ifdef CKM_CDMF_MAC
printf("CKM_CDMF_MAC %lu\n",(unsigned long)(CKM_CDMF_MAC));
#endif
#ifdef CKM_CDMF_MAC_GENERAL
printf("CKM_CDMF_MAC_GENERAL %lu\n",(unsigned long)(CKM_CDMF_MAC_GENERAL));
#endif
#ifdef CKM_CDMF_CBC_PAD
printf("CKM_CDMF_CBC_PAD %lu\n",(unsigned long)(CKM_CDMF_CBC_PAD));
#endif
#ifdef CKM_DES_OFB64
printf("CKM_DES_OFB64 %lu\n",(unsigned long)(CKM_DES_OFB64));
#endif
#ifdef CKM_DES_OFB8
printf("CKM_DES_OFB8 %lu\n",(unsigned long)(CKM_DES_OFB8));
#endif
#ifdef CKM_DES_CFB64
printf("CKM_DES_CFB64 %lu\n",(unsigned long)(CKM_DES_CFB64));
#endif
#ifdef CKM_DES_CFB8
printf("CKM_DES_CFB8 %lu\n",(unsigned long)(CKM_DES_CFB8));
#endif
#ifdef CKM_MD2
printf("CKM_MD2 %lu\n",(unsigned long)(CKM_MD2));
#endif
#ifdef CKM_MD2_HMAC
printf("CKM_MD2_HMAC %lu\n",(unsigned long)(CKM_MD2_HMAC));
#endif
#ifdef CKM_MD2_HMAC_GENERAL
printf("CKM_MD2_HMAC_GENERAL %lu\n",(unsigned long)(CKM_MD2_HMAC_GENERAL));
#endif
#ifdef CKM_MD5
printf("CKM_MD5 %lu\n",(unsigned long)(CKM_MD5));
#endif
#ifdef CKM_MD5_HMAC
printf("CKM_MD5_HMAC %lu\n",(unsigned long)(CKM_MD5_HMAC));
#endif
#ifdef CKM_MD5_HMAC_GENERAL
printf("CKM_MD5_HMAC_GENERAL %lu\n",(unsigned long)(CKM_MD5_HMAC_GENERAL));
#endif
#ifdef CKM_SHA_1
printf("CKM_SHA_1 %lu\n",(unsigned long)(CKM_SHA_1));
#endif
#ifdef CKM_SHA_1_HMAC
printf("CKM_SHA_1_HMAC %lu\n",(unsigned long)(CKM_SHA_1_HMAC));
#endif
#ifdef CKM_SHA_1_HMAC_GENERAL
printf("CKM_SHA_1_HMAC_GENERAL %lu\n",(unsigned long)(CKM_SHA_1_HMAC_GENERAL));
#endif
#ifdef CKM_RIPEMD128
printf("CKM_RIPEMD128 %lu\n",(unsigned long)(CKM_RIPEMD128));
#endif
#ifdef CKM_RIPEMD128_HMAC
printf("CKM_RIPEMD128_HMAC %lu\n",(unsigned long)(CKM_RIPEMD128_HMAC));
#endif
#ifdef CKM_RIPEMD128_HMAC_GENERAL
printf("CKM_RIPEMD128_HMAC_GENERAL %lu\n",(unsigned long)(CKM_RIPEMD128_HMAC_GENERAL));
#endif
#ifdef CKM_RIPEMD160
printf("CKM_RIPEMD160 %lu\n",(unsigned long)(CKM_RIPEMD160));
#endif
#ifdef CKM_RIPEMD160_HMAC
printf("CKM_RIPEMD160_HMAC %lu\n",(unsigned long)(CKM_RIPEMD160_HMAC));
#endif
#ifdef CKM_RIPEMD160_HMAC_GENERAL
printf("CKM_RIPEMD160_HMAC_GENERAL %lu\n",(unsigned long)(CKM_RIPEMD160_HMAC_GENERAL));
#endif
#ifdef CKM_SHA256
printf("CKM_SHA256 %lu\n",(unsigned long)(CKM_SHA256));
#endif
#ifdef CKM_SHA256_HMAC
printf("CKM_SHA256_HMAC %lu\n",(unsigned long)(CKM_SHA256_HMAC));
#endif
#ifdef CKM_SHA256_HMAC_GENERAL
printf("CKM_SHA256_HMAC_GENERAL %lu\n",(unsigned long)(CKM_SHA256_HMAC_GENERAL));
#endif
#ifdef CKM_SHA224
printf("CKM_SHA224 %lu\n",(unsigned long)(CKM_SHA224));
#endif
#ifdef CKM_SHA224_HMAC
printf("CKM_SHA224_HMAC %lu\n",(unsigned long)(CKM_SHA224_HMAC));
#endif
#ifdef CKM_SHA224_HMAC_GENERAL
printf("CKM_SHA224_HMAC_GENERAL %lu\n",(unsigned long)(CKM_SHA224_HMAC_GENERAL));
#endif
#ifdef CKM_SHA384
printf("CKM_SHA384 %lu\n",(unsigned long)(CKM_SHA384));
#endif
#ifdef CKM_SHA384_HMAC
printf("CKM_SHA384_HMAC %lu\n",(unsigned long)(CKM_SHA384_HMAC));
#endif
#ifdef CKM_SHA384_HMAC_GENERAL
printf("CKM_SHA384_HMAC_GENERAL %lu\n",(unsigned long)(CKM_SHA384_HMAC_GENERAL));
#endif
#ifdef CKM_SHA512
printf("CKM_SHA512 %lu\n",(unsigned long)(CKM_SHA512));
#endif
#ifdef CKM_SHA512_HMAC
printf("CKM_SHA512_HMAC %lu\n",(unsigned long)(CKM_SHA512_HMAC));
#endif
#ifdef CKM_SHA512_HMAC_GENERAL
printf("CKM_SHA512_HMAC_GENERAL %lu\n",(unsigned long)(CKM_SHA512_HMAC_GENERAL));
#endif
#ifdef CKM_SECURID_KEY_GEN
printf("CKM_SECURID_KEY_GEN %lu\n",(unsigned long)(CKM_SECURID_KEY_GEN));
#endif
#ifdef CKM_SECURID
printf("CKM_SECURID %lu\n",(unsigned long)(CKM_SECURID));
#endif
#ifdef CKM_HOTP_KEY_GEN
printf("CKM_HOTP_KEY_GEN %lu\n",(unsigned long)(CKM_HOTP_KEY_GEN));
#endif
#ifdef CKM_HOTP
printf("CKM_HOTP %lu\n",(unsigned long)(CKM_HOTP));
#endif
#ifdef CKM_ACTI
printf("CKM_ACTI %lu\n",(unsigned long)(CKM_ACTI));
#endif
#ifdef CKM_ACTI_KEY_GEN
printf("CKM_ACTI_KEY_GEN %lu\n",(unsigned long)(CKM_ACTI_KEY_GEN));
#endif
#ifdef CKM_SHA3_256
printf("CKM_SHA3_256 %lu\n",(unsigned long)(CKM_SHA3_256));
#endif
#ifdef CKM_SHA3_256_HMAC
printf("CKM_SHA3_256_HMAC %lu\n",(unsigned long)(CKM_SHA3_256_HMAC));
#endif
#ifdef CKM_SHA3_256_HMAC_GENERAL
printf("CKM_SHA3_256_HMAC_GENERAL %lu\n",(unsigned long)(CKM_SHA3_256_HMAC_GENERAL));
#endif
#ifdef CKM_SHA3_256_KEY_GEN
printf("CKM_SHA3_256_KEY_GEN %lu\n",(unsigned long)(CKM_SHA3_256_KEY_GEN));
#endif
#ifdef CKM_SHA3_224
printf("CKM_SHA3_224 %lu\n",(unsigned long)(CKM_SHA3_224));
#endif
#ifdef CKM_SHA3_224_HMAC
printf("CKM_SHA3_224_HMAC %lu\n",(unsigned long)(CKM_SHA3_224_HMAC));
#endif
#ifdef CKM_SHA3_224_HMAC_GENERAL
printf("CKM_SHA3_224_HMAC_GENERAL %lu\n",(unsigned long)(CKM_SHA3_224_HMAC_GENERAL));
#endif
#ifdef CKM_SHA3_224_KEY_GEN
printf("CKM_SHA3_224_KEY_GEN %lu\n",(unsigned long)(CKM_SHA3_224_KEY_GEN));
#endif
#ifdef CKM_SHA3_384
printf("CKM_SHA3_384 %lu\n",(unsigned long)(CKM_SHA3_384));
#endif
#ifdef CKM_SHA3_384_HMAC
printf("CKM_SHA3_384_HMAC %lu\n",(unsigned long)(CKM_SHA3_384_HMAC));
#endif
#ifdef CKM_SHA3_384_HMAC_GENERAL
printf("CKM_SHA3_384_HMAC_GENERAL %lu\n",(unsigned long)(CKM_SHA3_384_HMAC_GENERAL));
#endif
#ifdef CKM_SHA3_384_KEY_GEN
printf("CKM_SHA3_384_KEY_GEN %lu\n",(unsigned long)(CKM_SHA3_384_KEY_GEN));
#endif
#ifdef CKM_SHA3_512
printf("CKM_SHA3_512 %lu\n",(unsigned long)(CKM_SHA3_512));
#endif
#ifdef CKM_SHA3_512_HMAC
printf("CKM_SHA3_512_HMAC %lu\n",(unsigned long)(CKM_SHA3_512_HMAC));
#endif
#ifdef CKM_SHA3_512_HMAC_GENERAL
printf("CKM_SHA3_512_HMAC_GENERAL %lu\n",(unsigned long)(CKM_SHA3_512_HMAC_GENERAL));
#endif
#ifdef CKM_SHA3_512_KEY_GEN
printf("CKM_SHA3_512_KEY_GEN %lu\n",(unsigned long)(CKM_SHA3_512_KEY_GEN));
#endif
#ifdef CKM_CAST_KEY_GEN
printf("CKM_CAST_KEY_GEN %lu\n",(unsigned long)(CKM_CAST_KEY_GEN));
#endif
#ifdef CKM_CAST_ECB
printf("CKM_CAST_ECB %lu\n",(unsigned long)(CKM_CAST_ECB));
#endif
#ifdef CKM_CAST_CBC
printf("CKM_CAST_CBC %lu\n",(unsigned long)(CKM_CAST_CBC));
#endif
#ifdef CKM_CAST_MAC
printf("CKM_CAST_MAC %lu\n",(unsigned long)(CKM_CAST_MAC));
#endif
#ifdef CKM_CAST_MAC_GENERAL
printf("CKM_CAST_MAC_GENERAL %lu\n",(unsigned long)(CKM_CAST_MAC_GENERAL));
#endif
#ifdef CKM_CAST_CBC_PAD
printf("CKM_CAST_CBC_PAD %lu\n",(unsigned long)(CKM_CAST_CBC_PAD));
#endif
#ifdef CKM_CAST3_KEY_GEN
printf("CKM_CAST3_KEY_GEN %lu\n",(unsigned long)(CKM_CAST3_KEY_GEN));
#endif
#ifdef CKM_CAST3_ECB
printf("CKM_CAST3_ECB %lu\n",(unsigned long)(CKM_CAST3_ECB));
#endif
#ifdef CKM_CAST3_CBC
printf("CKM_CAST3_CBC %lu\n",(unsigned long)(CKM_CAST3_CBC));
#endif
#ifdef CKM_CAST3_MAC
printf("CKM_CAST3_MAC %lu\n",(unsigned long)(CKM_CAST3_MAC));
#endif
#ifdef CKM_CAST3_MAC_GENERAL
printf("CKM_CAST3_MAC_GENERAL %lu\n",(unsigned long)(CKM_CAST3_MAC_GENERAL));
#endif
#ifdef CKM_CAST3_CBC_PAD
printf("CKM_CAST3_CBC_PAD %lu\n",(unsigned long)(CKM_CAST3_CBC_PAD));
#endif
#ifdef CKM_CAST128_KEY_GEN
printf("CKM_CAST128_KEY_GEN %lu\n",(unsigned long)(CKM_CAST128_KEY_GEN));
#endif
#ifdef CKM_CAST5_KEY_GEN
printf("CKM_CAST5_KEY_GEN %lu\n",(unsigned long)(CKM_CAST5_KEY_GEN));
#endif
#ifdef CKM_CAST128_ECB
printf("CKM_CAST128_ECB %lu\n",(unsigned long)(CKM_CAST128_ECB));
#endif
#ifdef CKM_CAST5_ECB
printf("CKM_CAST5_ECB %lu\n",(unsigned long)(CKM_CAST5_ECB));
#endif
#ifdef CKM_CAST128_CBC
printf("CKM_CAST128_CBC %lu\n",(unsigned long)(CKM_CAST128_CBC));
#endif
#ifdef CKM_CAST5_CBC
printf("CKM_CAST5_CBC %lu\n",(unsigned long)(CKM_CAST5_CBC));
#endif
#ifdef CKM_CAST128_MAC
printf("CKM_CAST128_MAC %lu\n",(unsigned long)(CKM_CAST128_MAC));
#endif
#ifdef CKM_CAST5_MAC
printf("CKM_CAST5_MAC %lu\n",(unsigned long)(CKM_CAST5_MAC));
#endif
#ifdef CKM_CAST128_MAC_GENERAL
printf("CKM_CAST128_MAC_GENERAL %lu\n",(unsigned long)(CKM_CAST128_MAC_GENERAL));
#endif
#ifdef CKM_CAST5_MAC_GENERAL
printf("CKM_CAST5_MAC_GENERAL %lu\n",(unsigned long)(CKM_CAST5_MAC_GENERAL));
#endif
#ifdef CKM_CAST128_CBC_PAD
printf("CKM_CAST128_CBC_PAD %lu\n",(unsigned long)(CKM_CAST128_CBC_PAD));
#endif
#ifdef CKM_CAST5_CBC_PAD
printf("CKM_CAST5_CBC_PAD %lu\n",(unsigned long)(CKM_CAST5_CBC_PAD));
#endif
#ifdef CKM_RC5_KEY_GEN
printf("CKM_RC5_KEY_GEN %lu\n",(unsigned long)(CKM_RC5_KEY_GEN));
#endif
#ifdef CKM_RC5_ECB
printf("CKM_RC5_ECB %lu\n",(unsigned long)(CKM_RC5_ECB));
#endif
#ifdef CKM_RC5_CBC
printf("CKM_RC5_CBC %lu\n",(unsigned long)(CKM_RC5_CBC));
#endif
#ifdef CKM_RC5_MAC
printf("CKM_RC5_MAC %lu\n",(unsigned long)(CKM_RC5_MAC));
#endif
#ifdef CKM_RC5_MAC_GENERAL
printf("CKM_RC5_MAC_GENERAL %lu\n",(unsigned long)(CKM_RC5_MAC_GENERAL));
#endif
#ifdef CKM_RC5_CBC_PAD
printf("CKM_RC5_CBC_PAD %lu\n",(unsigned long)(CKM_RC5_CBC_PAD));
#endif
#ifdef CKM_IDEA_KEY_GEN
printf("CKM_IDEA_KEY_GEN %lu\n",(unsigned long)(CKM_IDEA_KEY_GEN));
#endif
#ifdef CKM_IDEA_ECB
printf("CKM_IDEA_ECB %lu\n",(unsigned long)(CKM_IDEA_ECB));
#endif
#ifdef CKM_IDEA_CBC
printf("CKM_IDEA_CBC %lu\n",(unsigned long)(CKM_IDEA_CBC));
#endif
#ifdef CKM_IDEA_MAC
printf("CKM_IDEA_MAC %lu\n",(unsigned long)(CKM_IDEA_MAC));
#endif
#ifdef CKM_IDEA_MAC_GENERAL
printf("CKM_IDEA_MAC_GENERAL %lu\n",(unsigned long)(CKM_IDEA_MAC_GENERAL));
#endif
#ifdef CKM_IDEA_CBC_PAD
printf("CKM_IDEA_CBC_PAD %lu\n",(unsigned long)(CKM_IDEA_CBC_PAD));
#endif
#ifdef CKM_GENERIC_SECRET_KEY_GEN
printf("CKM_GENERIC_SECRET_KEY_GEN %lu\n",(unsigned long)(CKM_GENERIC_SECRET_KEY_GEN));
#endif
#ifdef CKM_CONCATENATE_BASE_AND_KEY
printf("CKM_CONCATENATE_BASE_AND_KEY %lu\n",(unsigned long)(CKM_CONCATENATE_BASE_AND_KEY));
#endif
#ifdef CKM_CONCATENATE_BASE_AND_DATA
printf("CKM_CONCATENATE_BASE_AND_DATA %lu\n",(unsigned long)(CKM_CONCATENATE_BASE_AND_DATA));
#endif
#ifdef CKM_CONCATENATE_DATA_AND_BASE
printf("CKM_CONCATENATE_DATA_AND_BASE %lu\n",(unsigned long)(CKM_CONCATENATE_DATA_AND_BASE));
#endif
#ifdef CKM_XOR_BASE_AND_DATA
printf("CKM_XOR_BASE_AND_DATA %lu\n",(unsigned long)(CKM_XOR_BASE_AND_DATA));
#endif
#ifdef CKM_EXTRACT_KEY_FROM_KEY
printf("CKM_EXTRACT_KEY_FROM_KEY %lu\n",(unsigned long)(CKM_EXTRACT_KEY_FROM_KEY));
#endif
#ifdef CKM_SSL3_PRE_MASTER_KEY_GEN
printf("CKM_SSL3_PRE_MASTER_KEY_GEN %lu\n",(unsigned long)(CKM_SSL3_PRE_MASTER_KEY_GEN));
#endif
#ifdef CKM_SSL3_MASTER_KEY_DERIVE
printf("CKM_SSL3_MASTER_KEY_DERIVE %lu\n",(unsigned long)(CKM_SSL3_MASTER_KEY_DERIVE));
#endif
#ifdef CKM_SSL3_KEY_AND_MAC_DERIVE
printf("CKM_SSL3_KEY_AND_MAC_DERIVE %lu\n",(unsigned long)(CKM_SSL3_KEY_AND_MAC_DERIVE));
#endif
#ifdef CKM_SSL3_MASTER_KEY_DERIVE_DH
printf("CKM_SSL3_MASTER_KEY_DERIVE_DH %lu\n",(unsigned long)(CKM_SSL3_MASTER_KEY_DERIVE_DH));
#endif
#ifdef CKM_TLS_PRE_MASTER_KEY_GEN
printf("CKM_TLS_PRE_MASTER_KEY_GEN %lu\n",(unsigned long)(CKM_TLS_PRE_MASTER_KEY_GEN));
#endif
#ifdef CKM_TLS_MASTER_KEY_DERIVE
printf("CKM_TLS_MASTER_KEY_DERIVE %lu\n",(unsigned long)(CKM_TLS_MASTER_KEY_DERIVE));
#endif
#ifdef CKM_TLS_KEY_AND_MAC_DERIVE
printf("CKM_TLS_KEY_AND_MAC_DERIVE %lu\n",(unsigned long)(CKM_TLS_KEY_AND_MAC_DERIVE));
#endif
#ifdef CKM_TLS_MASTER_KEY_DERIVE_DH
printf("CKM_TLS_MASTER_KEY_DERIVE_DH %lu\n",(unsigned long)(CKM_TLS_MASTER_KEY_DERIVE_DH));
#endif
#ifdef CKM_TLS_PRF
printf("CKM_TLS_PRF %lu\n",(unsigned long)(CKM_TLS_PRF));
#endif
#ifdef CKM_SSL3_MD5_MAC
printf("CKM_SSL3_MD5_MAC %lu\n",(unsigned long)(CKM_SSL3_MD5_MAC));
#endif
#ifdef CKM_SSL3_SHA1_MAC
printf("CKM_SSL3_SHA1_MAC %lu\n",(unsigned long)(CKM_SSL3_SHA1_MAC));
#endif
#ifdef CKM_MD5_KEY_DERIVATION
printf("CKM_MD5_KEY_DERIVATION %lu\n",(unsigned long)(CKM_MD5_KEY_DERIVATION));
#endif
#ifdef CKM_MD2_KEY_DERIVATION
printf("CKM_MD2_KEY_DERIVATION %lu\n",(unsigned long)(CKM_MD2_KEY_DERIVATION));
#endif
#ifdef CKM_SHA1_KEY_DERIVATION
printf("CKM_SHA1_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHA1_KEY_DERIVATION));
#endif
#ifdef CKM_SHA256_KEY_DERIVATION
printf("CKM_SHA256_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHA256_KEY_DERIVATION));
#endif
#ifdef CKM_SHA384_KEY_DERIVATION
printf("CKM_SHA384_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHA384_KEY_DERIVATION));
#endif
#ifdef CKM_SHA512_KEY_DERIVATION
printf("CKM_SHA512_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHA512_KEY_DERIVATION));
#endif
#ifdef CKM_SHA224_KEY_DERIVATION
printf("CKM_SHA224_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHA224_KEY_DERIVATION));
#endif
#ifdef CKM_SHA3_256_KEY_DERIVATION
printf("CKM_SHA3_256_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHA3_256_KEY_DERIVATION));
#endif
#ifdef CKM_SHA3_256_KEY_DERIVE
printf("CKM_SHA3_256_KEY_DERIVE %lu\n",(unsigned long)(CKM_SHA3_256_KEY_DERIVE));
#endif
#ifdef CKM_SHA3_224_KEY_DERIVATION
printf("CKM_SHA3_224_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHA3_224_KEY_DERIVATION));
#endif
#ifdef CKM_SHA3_224_KEY_DERIVE
printf("CKM_SHA3_224_KEY_DERIVE %lu\n",(unsigned long)(CKM_SHA3_224_KEY_DERIVE));
#endif
#ifdef CKM_SHA3_384_KEY_DERIVATION
printf("CKM_SHA3_384_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHA3_384_KEY_DERIVATION));
#endif
#ifdef CKM_SHA3_384_KEY_DERIVE
printf("CKM_SHA3_384_KEY_DERIVE %lu\n",(unsigned long)(CKM_SHA3_384_KEY_DERIVE));
#endif
#ifdef CKM_SHA3_512_KEY_DERIVATION
printf("CKM_SHA3_512_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHA3_512_KEY_DERIVATION));
#endif
#ifdef CKM_SHA3_512_KEY_DERIVE
printf("CKM_SHA3_512_KEY_DERIVE %lu\n",(unsigned long)(CKM_SHA3_512_KEY_DERIVE));
#endif
#ifdef CKM_SHAKE_128_KEY_DERIVATION
printf("CKM_SHAKE_128_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHAKE_128_KEY_DERIVATION));
#endif
#ifdef CKM_SHAKE_128_KEY_DERIVE
printf("CKM_SHAKE_128_KEY_DERIVE %lu\n",(unsigned long)(CKM_SHAKE_128_KEY_DERIVE));
#endif
#ifdef CKM_SHAKE_256_KEY_DERIVATION
printf("CKM_SHAKE_256_KEY_DERIVATION %lu\n",(unsigned long)(CKM_SHAKE_256_KEY_DERIVATION));
#endif
#ifdef CKM_SHAKE_256_KEY_DERIVE
printf("CKM_SHAKE_256_KEY_DERIVE %lu\n",(unsigned long)(CKM_SHAKE_256_KEY_DERIVE));
#endif
#ifdef CKM_PBE_MD2_DES_CBC
printf("CKM_PBE_MD2_DES_CBC %lu\n",(unsigned long)(CKM_PBE_MD2_DES_CBC));
#endif
#ifdef CKM_PBE_MD5_DES_CBC
printf("CKM_PBE_MD5_DES_CBC %lu\n",(unsigned long)(CKM_PBE_MD5_DES_CBC));
#endif
#ifdef CKM_PBE_MD5_CAST_CBC
printf("CKM_PBE_MD5_CAST_CBC %lu\n",(unsigned long)(CKM_PBE_MD5_CAST_CBC));
#endif
#ifdef CKM_PBE_MD5_CAST3_CBC
printf("CKM_PBE_MD5_CAST3_CBC %lu\n",(unsigned long)(CKM_PBE_MD5_CAST3_CBC));
#endif
#ifdef CKM_PBE_MD5_CAST128_CBC
printf("CKM_PBE_MD5_CAST128_CBC %lu\n",(unsigned long)(CKM_PBE_MD5_CAST128_CBC));
#endif
#ifdef CKM_PBE_MD5_CAST5_CBC
printf("CKM_PBE_MD5_CAST5_CBC %lu\n",(unsigned long)(CKM_PBE_MD5_CAST5_CBC));
#endif
#ifdef CKM_PBE_SHA1_CAST128_CBC
printf("CKM_PBE_SHA1_CAST128_CBC %lu\n",(unsigned long)(CKM_PBE_SHA1_CAST128_CBC));
#endif
#ifdef CKM_PBE_SHA1_CAST5_CBC
printf("CKM_PBE_SHA1_CAST5_CBC %lu\n",(unsigned long)(CKM_PBE_SHA1_CAST5_CBC));
#endif
#ifdef CKM_PBE_SHA1_RC4_128
printf("CKM_PBE_SHA1_RC4_128 %lu\n",(unsigned long)(CKM_PBE_SHA1_RC4_128));
#endif
#ifdef CKM_PBE_SHA1_RC4_40
printf("CKM_PBE_SHA1_RC4_40 %lu\n",(unsigned long)(CKM_PBE_SHA1_RC4_40));
#endif
#ifdef CKM_PBE_SHA1_DES3_EDE_CBC
printf("CKM_PBE_SHA1_DES3_EDE_CBC %lu\n",(unsigned long)(CKM_PBE_SHA1_DES3_EDE_CBC));
#endif
#ifdef CKM_PBE_SHA1_DES2_EDE_CBC
printf("CKM_PBE_SHA1_DES2_EDE_CBC %lu\n",(unsigned long)(CKM_PBE_SHA1_DES2_EDE_CBC));
#endif
#ifdef CKM_PBE_SHA1_RC2_128_CBC
printf("CKM_PBE_SHA1_RC2_128_CBC %lu\n",(unsigned long)(CKM_PBE_SHA1_RC2_128_CBC));
#endif
#ifdef CKM_PBE_SHA1_RC2_40_CBC
printf("CKM_PBE_SHA1_RC2_40_CBC %lu\n",(unsigned long)(CKM_PBE_SHA1_RC2_40_CBC));
#endif
#ifdef CKM_SP800_108_COUNTER_KDF
printf("CKM_SP800_108_COUNTER_KDF %lu\n",(unsigned long)(CKM_SP800_108_COUNTER_KDF));
#endif
#ifdef CKM_SP800_108_FEEDBACK_KDF
printf("CKM_SP800_108_FEEDBACK_KDF %lu\n",(unsigned long)(CKM_SP800_108_FEEDBACK_KDF));
#endif
#ifdef CKM_SP800_108_DOUBLE_PIPELINE_KDF
printf("CKM_SP800_108_DOUBLE_PIPELINE_KDF %lu\n",(unsigned long)(CKM_SP800_108_DOUBLE_PIPELINE_KDF));
#endif
#ifdef CKM_PKCS5_PBKD2
printf("CKM_PKCS5_PBKD2 %lu\n",(unsigned long)(CKM_PKCS5_PBKD2));
#endif
#ifdef CKM_PBA_SHA1_WITH_SHA1_HMAC
printf("CKM_PBA_SHA1_WITH_SHA1_HMAC %lu\n",(unsigned long)(CKM_PBA_SHA1_WITH_SHA1_HMAC));
#endif
#ifdef CKM_WTLS_PRE_MASTER_KEY_GEN
printf("CKM_WTLS_PRE_MASTER_KEY_GEN %lu\n",(unsigned long)(CKM_WTLS_PRE_MASTER_KEY_GEN));
#endif
#ifdef CKM_WTLS_MASTER_KEY_DERIVE
printf("CKM_WTLS_MASTER_KEY_DERIVE %lu\n",(unsigned long)(CKM_WTLS_MASTER_KEY_DERIVE));
#endif
#ifdef CKM_WTLS_MASTER_KEY_DERIVE_DH_ECC
printf("CKM_WTLS_MASTER_KEY_DERIVE_DH_ECC %lu\n",(unsigned long)(CKM_WTLS_MASTER_KEY_DERIVE_DH_ECC));
#endif
#ifdef CKM_WTLS_PRF
printf("CKM_WTLS_PRF %lu\n",(unsigned long)(CKM_WTLS_PRF));
#endif
#ifdef CKM_WTLS_SERVER_KEY_AND_MAC_DERIVE
printf("CKM_WTLS_SERVER_KEY_AND_MAC_DERIVE %lu\n",(unsigned long)(CKM_WTLS_SERVER_KEY_AND_MAC_DERIVE));
#endif
#ifdef CKM_WTLS_CLIENT_KEY_AND_MAC_DERIVE
printf("CKM_WTLS_CLIENT_KEY_AND_MAC_DERIVE %lu\n",(unsigned long)(CKM_WTLS_CLIENT_KEY_AND_MAC_DERIVE));
#endif
#ifdef CKM_TLS10_MAC_SERVER
printf("CKM_TLS10_MAC_SERVER %lu\n",(unsigned long)(CKM_TLS10_MAC_SERVER));
#endif
#ifdef CKM_TLS10_MAC_CLIENT
printf("CKM_TLS10_MAC_CLIENT %lu\n",(unsigned long)(CKM_TLS10_MAC_CLIENT));
#endif
#ifdef CKM_TLS12_MAC
printf("CKM_TLS12_MAC %lu\n",(unsigned long)(CKM_TLS12_MAC));
#endif
#ifdef CKM_TLS12_KDF
printf("CKM_TLS12_KDF %lu\n",(unsigned long)(CKM_TLS12_KDF));
#endif
#ifdef CKM_TLS12_MASTER_KEY_DERIVE
printf("CKM_TLS12_MASTER_KEY_DERIVE %lu\n",(unsigned long)(CKM_TLS12_MASTER_KEY_DERIVE));
#endif
#ifdef CKM_TLS12_KEY_AND_MAC_DERIVE
printf("CKM_TLS12_KEY_AND_MAC_DERIVE %lu\n",(unsigned long)(CKM_TLS12_KEY_AND_MAC_DERIVE));
#endif
#ifdef CKM_TLS12_MASTER_KEY_DERIVE_DH
printf("CKM_TLS12_MASTER_KEY_DERIVE_DH %lu\n",(unsigned long)(CKM_TLS12_MASTER_KEY_DERIVE_DH));
#endif
#ifdef CKM_TLS12_KEY_SAFE_DERIVE
printf("CKM_TLS12_KEY_SAFE_DERIVE %lu\n",(unsigned long)(CKM_TLS12_KEY_SAFE_DERIVE));
#endif
#ifdef CKM_TLS_MAC
printf("CKM_TLS_MAC %lu\n",(unsigned long)(CKM_TLS_MAC));
#endif
#ifdef CKM_TLS_KDF
printf("CKM_TLS_KDF %lu\n",(unsigned long)(CKM_TLS_KDF));
#endif
#ifdef CKM_KEY_WRAP_LYNKS
printf("CKM_KEY_WRAP_LYNKS %lu\n",(unsigned long)(CKM_KEY_WRAP_LYNKS));
#endif
#ifdef CKM_KEY_WRAP_SET_OAEP
printf("CKM_KEY_WRAP_SET_OAEP %lu\n",(unsigned long)(CKM_KEY_WRAP_SET_OAEP));
#endif
#ifdef CKM_CMS_SIG
printf("CKM_CMS_SIG %lu\n",(unsigned long)(CKM_CMS_SIG));
#endif
#ifdef CKM_KIP_DERIVE
printf("CKM_KIP_DERIVE %lu\n",(unsigned long)(CKM_KIP_DERIVE));
#endif
#ifdef CKM_KIP_WRAP
printf("CKM_KIP_WRAP %lu\n",(unsigned long)(CKM_KIP_WRAP));
#endif
#ifdef CKM_KIP_MAC
printf("CKM_KIP_MAC %lu\n",(unsigned long)(CKM_KIP_MAC));
#endif
#ifdef CKM_CAMELLIA_KEY_GEN
printf("CKM_CAMELLIA_KEY_GEN %lu\n",(unsigned long)(CKM_CAMELLIA_KEY_GEN));
#endif
#ifdef CKM_CAMELLIA_ECB
printf("CKM_CAMELLIA_ECB %lu\n",(unsigned long)(CKM_CAMELLIA_ECB));
#endif
#ifdef CKM_CAMELLIA_CBC
printf("CKM_CAMELLIA_CBC %lu\n",(unsigned long)(CKM_CAMELLIA_CBC));
#endif
#ifdef CKM_CAMELLIA_MAC
printf("CKM_CAMELLIA_MAC %lu\n",(unsigned long)(CKM_CAMELLIA_MAC));
#endif
#ifdef CKM_CAMELLIA_MAC_GENERAL
printf("CKM_CAMELLIA_MAC_GENERAL %lu\n",(unsigned long)(CKM_CAMELLIA_MAC_GENERAL));
#endif
#ifdef CKM_CAMELLIA_CBC_PAD
printf("CKM_CAMELLIA_CBC_PAD %lu\n",(unsigned long)(CKM_CAMELLIA_CBC_PAD));
#endif
#ifdef CKM_CAMELLIA_ECB_ENCRYPT_DATA
printf("CKM_CAMELLIA_ECB_ENCRYPT_DATA %lu\n",(unsigned long)(CKM_CAMELLIA_ECB_ENCRYPT_DATA));
#endif
#ifdef CKM_CAMELLIA_CBC_ENCRYPT_DATA
printf("CKM_CAMELLIA_CBC_ENCRYPT_DATA %lu\n",(unsigned long)(CKM_CAMELLIA_CBC_ENCRYPT_DATA));
#endif
#ifdef CKM_CAMELLIA_CTR
printf("CKM_CAMELLIA_CTR %lu\n",(unsigned long)(CKM_CAMELLIA_CTR));
#endif
#ifdef CKM_ARIA_KEY_GEN
printf("CKM_ARIA_KEY_GEN %lu\n",(unsigned long)(CKM_ARIA_KEY_GEN));
#endif
#ifdef CKM_ARIA_ECB
printf("CKM_ARIA_ECB %lu\n",(unsigned long)(CKM_ARIA_ECB));
#endif
#ifdef CKM_ARIA_CBC
printf("CKM_ARIA_CBC %lu\n",(unsigned long)(CKM_ARIA_CBC));
#endif
#ifdef CKM_ARIA_MAC
printf("CKM_ARIA_MAC %lu\n",(unsigned long)(CKM_ARIA_MAC));
#endif
#ifdef CKM_ARIA_MAC_GENERAL
printf("CKM_ARIA_MAC_GENERAL %lu\n",(unsigned long)(CKM_ARIA_MAC_GENERAL));
#endif
#ifdef CKM_ARIA_CBC_PAD
printf("CKM_ARIA_CBC_PAD %lu\n",(unsigned long)(CKM_ARIA_CBC_PAD));
#endif
#ifdef CKM_ARIA_ECB_ENCRYPT_DATA
printf("CKM_ARIA_ECB_ENCRYPT_DATA %lu\n",(unsigned long)(CKM_ARIA_ECB_ENCRYPT_DATA));
#endif
#ifdef CKM_ARIA_CBC_ENCRYPT_DATA
printf("CKM_ARIA_CBC_ENCRYPT_DATA %lu\n",(unsigned long)(CKM_ARIA_CBC_ENCRYPT_DATA));
#endif
#ifdef CKM_SEED_KEY_GEN
printf("CKM_SEED_KEY_GEN %lu\n",(unsigned long)(CKM_SEED_KEY_GEN));
#endif
#ifdef CKM_SEED_ECB
printf("CKM_SEED_ECB %lu\n",(unsigned long)(CKM_SEED_ECB));
#endif
#ifdef CKM_SEED_CBC
printf("CKM_SEED_CBC %lu\n",(unsigned long)(CKM_SEED_CBC));
#endif
#ifdef CKM_SEED_MAC
printf("CKM_SEED_MAC %lu\n",(unsigned long)(CKM_SEED_MAC));
#endif
#ifdef CKM_SEED_MAC_GENERAL
printf("CKM_SEED_MAC_GENERAL %lu\n",(unsigned long)(CKM_SEED_MAC_GENERAL));
#endif
#ifdef CKM_SEED_CBC_PAD
printf("CKM_SEED_CBC_PAD %lu\n",(unsigned long)(CKM_SEED_CBC_PAD));
#endif
#ifdef CKM_SEED_ECB_ENCRYPT_DATA
printf("CKM_SEED_ECB_ENCRYPT_DATA %lu\n",(unsigned long)(CKM_SEED_ECB_ENCRYPT_DATA));
#endif
#ifdef CKM_SEED_CBC_ENCRYPT_DATA
printf("CKM_SEED_CBC_ENCRYPT_DATA %lu\n",(unsigned long)(CKM_SEED_CBC_ENCRYPT_DATA));
#endif
#ifdef CKM_SKIPJACK_KEY_GEN
printf("CKM_SKIPJACK_KEY_GEN %lu\n",(unsigned long)(CKM_SKIPJACK_KEY_GEN));
#endif
#ifdef CKM_SKIPJACK_ECB64
printf("CKM_SKIPJACK_ECB64 %lu\n",(unsigned long)(CKM_SKIPJACK_ECB64));
#endif
#ifdef CKM_SKIPJACK_CBC64
printf("CKM_SKIPJACK_CBC64 %lu\n",(unsigned long)(CKM_SKIPJACK_CBC64));
#endif
#ifdef CKM_SKIPJACK_OFB64
printf("CKM_SKIPJACK_OFB64 %lu\n",(unsigned long)(CKM_SKIPJACK_OFB64));
#endif
#ifdef CKM_SKIPJACK_CFB64
printf("CKM_SKIPJACK_CFB64 %lu\n",(unsigned long)(CKM_SKIPJACK_CFB64));
#endif
#ifdef CKM_SKIPJACK_CFB32
printf("CKM_SKIPJACK_CFB32 %lu\n",(unsigned long)(CKM_SKIPJACK_CFB32));
#endif
#ifdef CKM_SKIPJACK_CFB16
printf("CKM_SKIPJACK_CFB16 %lu\n",(unsigned long)(CKM_SKIPJACK_CFB16));
#endif
#ifdef CKM_SKIPJACK_CFB8
printf("CKM_SKIPJACK_CFB8 %lu\n",(unsigned long)(CKM_SKIPJACK_CFB8));
#endif
#ifdef CKM_SKIPJACK_WRAP
printf("CKM_SKIPJACK_WRAP %lu\n",(unsigned long)(CKM_SKIPJACK_WRAP));
#endif
#ifdef CKM_SKIPJACK_PRIVATE_WRAP
printf("CKM_SKIPJACK_PRIVATE_WRAP %lu\n",(unsigned long)(CKM_SKIPJACK_PRIVATE_WRAP));
#endif
#ifdef CKM_SKIPJACK_RELAYX
printf("CKM_SKIPJACK_RELAYX %lu\n",(unsigned long)(CKM_SKIPJACK_RELAYX));
#endif
#ifdef CKM_KEA_KEY_PAIR_GEN
printf("CKM_KEA_KEY_PAIR_GEN %lu\n",(unsigned long)(CKM_KEA_KEY_PAIR_GEN));
#endif
#ifdef CKM_KEA_KEY_DERIVE
printf("CKM_KEA_KEY_DERIVE %lu\n",(unsigned long)(CKM_KEA_KEY_DERIVE));
#endif
#ifdef CKM_KEA_DERIVE
printf("CKM_KEA_DERIVE %lu\n",(unsigned long)(CKM_KEA_DERIVE));
#endif
#ifdef CKM_FORTEZZA_TIMESTAMP
printf("CKM_FORTEZZA_TIMESTAMP %lu\n",(unsigned long)(CKM_FORTEZZA_TIMESTAMP));
#endif
#ifdef CKM_BATON_KEY_GEN
printf("CKM_BATON_KEY_GEN %lu\n",(unsigned long)(CKM_BATON_KEY_GEN));
#endif
#ifdef CKM_BATON_ECB128
printf("CKM_BATON_ECB128 %lu\n",(unsigned long)(CKM_BATON_ECB128));
#endif
#ifdef CKM_BATON_ECB96
printf("CKM_BATON_ECB96 %lu\n",(unsigned long)(CKM_BATON_ECB96));
#endif
#ifdef CKM_BATON_CBC128
printf("CKM_BATON_CBC128 %lu\n",(unsigned long)(CKM_BATON_CBC128));
#endif
#ifdef CKM_BATON_COUNTER
printf("CKM_BATON_COUNTER %lu\n",(unsigned long)(CKM_BATON_COUNTER));
#endif
#ifdef CKM_BATON_SHUFFLE
printf("CKM_BATON_SHUFFLE %lu\n",(unsigned long)(CKM_BATON_SHUFFLE));
#endif
#ifdef CKM_BATON_WRAP
printf("CKM_BATON_WRAP %lu\n",(unsigned long)(CKM_BATON_WRAP));
#endif
#ifdef CKM_EC_KEY_PAIR_GEN
printf("CKM_EC_KEY_PAIR_GEN %lu\n",(unsigned long)(CKM_EC_KEY_PAIR_GEN));
#endif
#ifdef CKM_ECDSA_KEY_PAIR_GEN
printf("CKM_ECDSA_KEY_PAIR_GEN %lu\n",(unsigned long)(CKM_ECDSA_KEY_PAIR_GEN));
#endif
#ifdef CKM_ECDSA
printf("CKM_ECDSA %lu\n",(unsigned long)(CKM_ECDSA));
#endif
#ifdef CKM_ECDSA_SHA1
printf("CKM_ECDSA_SHA1 %lu\n",(unsigned long)(CKM_ECDSA_SHA1));
#endif
#ifdef CKM_ECDSA_SHA224
printf("CKM_ECDSA_SHA224 %lu\n",(unsigned long)(CKM_ECDSA_SHA224));
#endif
#ifdef CKM_ECDSA_SHA256
printf("CKM_ECDSA_SHA256 %lu\n",(unsigned long)(CKM_ECDSA_SHA256));
#endif
#ifdef CKM_ECDSA_SHA384
printf("CKM_ECDSA_SHA384 %lu\n",(unsigned long)(CKM_ECDSA_SHA384));
#endif
#ifdef CKM_ECDSA_SHA512
printf("CKM_ECDSA_SHA512 %lu\n",(unsigned long)(CKM_ECDSA_SHA512));
#endif
#ifdef CKM_ECDSA_SHA3_224
printf("CKM_ECDSA_SHA3_224 %lu\n",(unsigned long)(CKM_ECDSA_SHA3_224));
#endif
#ifdef CKM_ECDSA_SHA3_256
printf("CKM_ECDSA_SHA3_256 %lu\n",(unsigned long)(CKM_ECDSA_SHA3_256));
#endif
#ifdef CKM_ECDSA_SHA3_384
printf("CKM_ECDSA_SHA3_384 %lu\n",(unsigned long)(CKM_ECDSA_SHA3_384));
#endif
#ifdef CKM_ECDSA_SHA3_512
printf("CKM_ECDSA_SHA3_512 %lu\n",(unsigned long)(CKM_ECDSA_SHA3_512));
#endif
#ifdef CKM_ECDH1_DERIVE
printf("CKM_ECDH1_DERIVE %lu\n",(unsigned long)(CKM_ECDH1_DERIVE));
#endif
#ifdef CKM_ECDH1_COFACTOR_DERIVE
printf("CKM_ECDH1_COFACTOR_DERIVE %lu\n",(unsigned long)(CKM_ECDH1_COFACTOR_DERIVE));
#endif
#ifdef CKM_ECMQV_DERIVE
printf("CKM_ECMQV_DERIVE %lu\n",(unsigned long)(CKM_ECMQV_DERIVE));
#endif
#ifdef CKM_ECDH_AES_KEY_WRAP
printf("CKM_ECDH_AES_KEY_WRAP %lu\n",(unsigned long)(CKM_ECDH_AES_KEY_WRAP));
#endif
#ifdef CKM_RSA_AES_KEY_WRAP
printf("CKM_RSA_AES_KEY_WRAP %lu\n",(unsigned long)(CKM_RSA_AES_KEY_WRAP));
#endif
#ifdef CKM_EC_EDWARDS_KEY_PAIR_GEN
printf("CKM_EC_EDWARDS_KEY_PAIR_GEN %lu\n",(unsigned long)(CKM_EC_EDWARDS_KEY_PAIR_GEN));
#endif
#ifdef CKM_EC_MONTGOMERY_KEY_PAIR_GEN
printf("CKM_EC_MONTGOMERY_KEY_PAIR_GEN %lu\n",(unsigned long)(CKM_EC_MONTGOMERY_KEY_PAIR_GEN));
#endif
#ifdef CKM_EDDSA
printf("CKM_EDDSA %lu\n",(unsigned long)(CKM_EDDSA));
#endif
#ifdef CKM_EC_KEY_PAIR_GEN_W_EXTRA_BITS
printf("CKM_EC_KEY_PAIR_GEN_W_EXTRA_BITS %lu\n",(unsigned long)(CKM_EC_KEY_PAIR_GEN_W_EXTRA_BITS));
#endif
#ifdef CKM_JUNIPER_KEY_GEN
printf("CKM_JUNIPER_KEY_GEN %lu\n",(unsigned long)(CKM_JUNIPER_KEY_GEN));
#endif
#ifdef CKM_JUNIPER_ECB128
printf("CKM_JUNIPER_ECB128 %lu\n",(unsigned long)(CKM_JUNIPER_ECB128));
#endif
#ifdef CKM_JUNIPER_CBC128
printf("CKM_JUNIPER_CBC128 %lu\n",(unsigned long)(CKM_JUNIPER_CBC128));
#endif
#ifdef CKM_JUNIPER_COUNTER
printf("CKM_JUNIPER_COUNTER %lu\n",(unsigned long)(CKM_JUNIPER_COUNTER));
#endif
#ifdef CKM_JUNIPER_SHUFFLE
printf("CKM_JUNIPER_SHUFFLE %lu\n",(unsigned long)(CKM_JUNIPER_SHUFFLE));
#endif
#ifdef CKM_JUNIPER_WRAP
printf("CKM_JUNIPER_WRAP %lu\n",(unsigned long)(CKM_JUNIPER_WRAP));
#endif
#ifdef CKM_FASTHASH
printf("CKM_FASTHASH %lu\n",(unsigned long)(CKM_FASTHASH));
#endif
#ifdef CKM_AES_XTS
printf("CKM_AES_XTS %lu\n",(unsigned long)(CKM_AES_XTS));
#endif
#ifdef CKM_AES_XTS_KEY_GEN
printf("CKM_AES_XTS_KEY_GEN %lu\n",(unsigned long)(CKM_AES_XTS_KEY_GEN));
#endif
#ifdef CKM_AES_KEY_GEN
printf("CKM_AES_KEY_GEN %lu\n",(unsigned long)(CKM_AES_KEY_GEN));
#endif
#ifdef CKM_AES_ECB
printf("CKM_AES_ECB %lu\n",(unsigned long)(CKM_AES_ECB));
#endif
#ifdef CKM_AES_CBC
printf("CKM_AES_CBC %lu\n",(unsigned long)(CKM_AES_CBC));
#endif
#ifdef CKM_AES_MAC
printf("CKM_AES_MAC %lu\n",(unsigned long)(CKM_AES_MAC));
#endif
#ifdef CKM_AES_MAC_GENERAL
printf("CKM_AES_MAC_GENERAL %lu\n",(unsigned long)(CKM_AES_MAC_GENERAL));
#endif
#ifdef CKM_AES_CBC_PAD
printf("CKM_AES_CBC_PAD %lu\n",(unsigned long)(CKM_AES_CBC_PAD));
#endif
#ifdef CKM_AES_CTR
printf("CKM_AES_CTR %lu\n",(unsigned long)(CKM_AES_CTR));
#endif
#ifdef CKM_AES_GCM
printf("CKM_AES_GCM %lu\n",(unsigned long)(CKM_AES_GCM));
#endif
#ifdef CKM_AES_CCM
printf("CKM_AES_CCM %lu\n",(unsigned long)(CKM_AES_CCM));
#endif
#ifdef CKM_AES_CTS
printf("CKM_AES_CTS %lu\n",(unsigned long)(CKM_AES_CTS));
#endif
#ifdef CKM_AES_CMAC
printf("CKM_AES_CMAC %lu\n",(unsigned long)(CKM_AES_CMAC));
#endif
#ifdef CKM_AES_CMAC_GENERAL
printf("CKM_AES_CMAC_GENERAL %lu\n",(unsigned long)(CKM_AES_CMAC_GENERAL));
#endif
#ifdef CKM_AES_XCBC_MAC
printf("CKM_AES_XCBC_MAC %lu\n",(unsigned long)(CKM_AES_XCBC_MAC));
#endif
#ifdef CKM_AES_XCBC_MAC_96
printf("CKM_AES_XCBC_MAC_96 %lu\n",(unsigned long)(CKM_AES_XCBC_MAC_96));
#endif
#ifdef CKM_AES_GMAC
printf("CKM_AES_GMAC %lu\n",(unsigned long)(CKM_AES_GMAC));
#endif
#ifdef CKM_BLOWFISH_KEY_GEN
printf("CKM_BLOWFISH_KEY_GEN %lu\n",(unsigned long)(CKM_BLOWFISH_KEY_GEN));
#endif
#ifdef CKM_BLOWFISH_CBC
printf("CKM_BLOWFISH_CBC %lu\n",(unsigned long)(CKM_BLOWFISH_CBC));
#endif
#ifdef CKM_TWOFISH_KEY_GEN
printf("CKM_TWOFISH_KEY_GEN %lu\n",(unsigned long)(CKM_TWOFISH_KEY_GEN));
#endif
#ifdef CKM_TWOFISH_CBC
printf("CKM_TWOFISH_CBC %lu\n",(unsigned long)(CKM_TWOFISH_CBC));
#endif
#ifdef CKM_BLOWFISH_CBC_PAD
printf("CKM_BLOWFISH_CBC_PAD %lu\n",(unsigned long)(CKM_BLOWFISH_CBC_PAD));
#endif
#ifdef CKM_TWOFISH_CBC_PAD
printf("CKM_TWOFISH_CBC_PAD %lu\n",(unsigned long)(CKM_TWOFISH_CBC_PAD));
#endif
#ifdef CKM_DES_ECB_ENCRYPT_DATA
printf("CKM_DES_ECB_ENCRYPT_DATA %lu\n",(unsigned long)(CKM_DES_ECB_ENCRYPT_DATA));
#endif
#ifdef CKM_DES_CBC_ENCRYPT_DATA
printf("CKM_DES_CBC_ENCRYPT_DATA %lu\n",(unsigned long)(CKM_DES_CBC_ENCRYPT_DATA));
#endif
#ifdef CKM_DES3_ECB_ENCRYPT_DATA
printf("CKM_DES3_ECB_ENCRYPT_DATA %lu\n",(unsigned long)(CKM_DES3_ECB_ENCRYPT_DATA));
#endif
#ifdef CKM_DES3_CBC_ENCRYPT_DATA
printf("CKM_DES3_CBC_ENCRYPT_DATA %lu\n",(unsigned long)(CKM_DES3_CBC_ENCRYPT_DATA));
#endif
#ifdef CKM_AES_ECB_ENCRYPT_DATA
printf("CKM_AES_ECB_ENCRYPT_DATA %lu\n",(unsigned long)(CKM_AES_ECB_ENCRYPT_DATA));
#endif
#ifdef CKM_AES_CBC_ENCRYPT_DATA
printf("CKM_AES_CBC_ENCRYPT_DATA %lu\n",(unsigned long)(CKM_AES_CBC_ENCRYPT_DATA));
#endif
#ifdef CKM_GOSTR3410_KEY_PAIR_GEN
printf("CKM_GOSTR3410_KEY_PAIR_GEN %lu\n",(unsigned long)(CKM_GOSTR3410_KEY_PAIR_GEN));
#endif
#ifdef CKM_GOSTR3410
printf("CKM_GOSTR3410 %lu\n",(unsigned long)(CKM_GOSTR3410));
#endif
#ifdef CKM_GOSTR3410_WITH_GOSTR3411
printf("CKM_GOSTR3410_WITH_GOSTR3411 %lu\n",(unsigned long)(CKM_GOSTR3410_WITH_GOSTR3411));
#endif
#ifdef CKM_GOSTR3410_KEY_WRAP
printf("CKM_GOSTR3410_KEY_WRAP %lu\n",(unsigned long)(CKM_GOSTR3410_KEY_WRAP));
#endif
#ifdef CKM_GOSTR3410_DERIVE
printf("CKM_GOSTR3410_DERIVE %lu\n",(unsigned long)(CKM_GOSTR3410_DERIVE));
#endif
#ifdef CKM_GOSTR3411
printf("CKM_GOSTR3411 %lu\n",(unsigned long)(CKM_GOSTR3411));
#endif
#ifdef CKM_GOSTR3411_HMAC
printf("CKM_GOSTR3411_HMAC %lu\n",(unsigned long)(CKM_GOSTR3411_HMAC));
#endif
#ifdef CKM_GOST28147_KEY_GEN
printf("CKM_GOST28147_KEY_GEN %lu\n",(unsigned long)(CKM_GOST28147_KEY_GEN));
#endif
#ifdef CKM_GOST28147_ECB
printf("CKM_GOST28147_ECB %lu\n",(unsigned long)(CKM_GOST28147_ECB));
#endif
#ifdef CKM_GOST28147
printf("CKM_GOST28147 %lu\n",(unsigned long)(CKM_GOST28147));
#endif
#ifdef CKM_GOST28147_MAC
printf("CKM_GOST28147_MAC %lu\n",(unsigned long)(CKM_GOST28147_MAC));
#endif
#ifdef CKM_GOST28147_KEY_WRAP
printf("CKM_GOST28147_KEY_WRAP %lu\n",(unsigned long)(CKM_GOST28147_KEY_WRAP));
#endif
#ifdef CKM_CHACHA20_KEY_GEN
printf("CKM_CHACHA20_KEY_GEN %lu\n",(unsigned long)(CKM_CHACHA20_KEY_GEN));
#endif
#ifdef CKM_CHACHA20
printf("CKM_CHACHA20 %lu\n",(unsigned long)(CKM_CHACHA20));
#endif
#ifdef CKM_POLY1305_KEY_GEN
printf("CKM_POLY1305_KEY_GEN %lu\n",(unsigned long)(CKM_POLY1305_KEY_GEN));
#endif
#ifdef CKM_POLY1305
printf("CKM_POLY1305 %lu\n",(unsigned long)(CKM_POLY1305));
#endif
#ifdef CKM_DSA_PARAMETER_GEN
printf("CKM_DSA_PARAMETER_GEN %lu\n",(unsigned long)(CKM_DSA_PARAMETER_GEN));
#endif
#ifdef CKM_DH_PKCS_PARAMETER_GEN
printf("CKM_DH_PKCS_PARAMETER_GEN %lu\n",(unsigned long)(CKM_DH_PKCS_PARAMETER_GEN));
#endif
#ifdef CKM_X9_42_DH_PARAMETER_GEN
printf("CKM_X9_42_DH_PARAMETER_GEN %lu\n",(unsigned long)(CKM_X9_42_DH_PARAMETER_GEN));
#endif
#ifdef CKM_DSA_PROBABILISTIC_PARAMETER_GEN
printf("CKM_DSA_PROBABILISTIC_PARAMETER_GEN %lu\n",(unsigned long)(CKM_DSA_PROBABILISTIC_PARAMETER_GEN));
#endif
#ifdef CKM_DSA_PROBABLISTIC_PARAMETER_GEN
printf("CKM_DSA_PROBABLISTIC_PARAMETER_GEN %lu\n",(unsigned long)(CKM_DSA_PROBABLISTIC_PARAMETER_GEN));
#endif
#ifdef CKM_DSA_SHAWE_TAYLOR_PARAMETER_GEN
printf("CKM_DSA_SHAWE_TAYLOR_PARAMETER_GEN %lu\n",(unsigned long)(CKM_DSA_SHAWE_TAYLOR_PARAMETER_GEN));
#endif
#ifdef CKM_DSA_FIPS_G_GEN
printf("CKM_DSA_FIPS_G_GEN %lu\n",(unsigned long)(CKM_DSA_FIPS_G_GEN));
#endif
#ifdef CKM_AES_OFB
printf("CKM_AES_OFB %lu\n",(unsigned long)(CKM_AES_OFB));
#endif
#ifdef CKM_AES_CFB64
printf("CKM_AES_CFB64 %lu\n",(unsigned long)(CKM_AES_CFB64));
#endif
#ifdef CKM_AES_CFB8
printf("CKM_AES_CFB8 %lu\n",(unsigned long)(CKM_AES_CFB8));
#endif
#ifdef CKM_AES_CFB128
printf("CKM_AES_CFB128 %lu\n",(unsigned long)(CKM_AES_CFB128));
#endif
#ifdef CKM_AES_CFB1
printf("CKM_AES_CFB1 %lu\n",(unsigned long)(CKM_AES_CFB1));
#endif
#ifdef CKM_AES_KEY_WRAP
printf("CKM_AES_KEY_WRAP %lu\n",(unsigned long)(CKM_AES_KEY_WRAP));
#endif
#ifdef CKM_AES_KEY_WRAP_PAD
printf("CKM_AES_KEY_WRAP_PAD %lu\n",(unsigned long)(CKM_AES_KEY_WRAP_PAD));
#endif
#ifdef CKM_AES_KEY_WRAP_KWP
printf("CKM_AES_KEY_WRAP_KWP %lu\n",(unsigned long)(CKM_AES_KEY_WRAP_KWP));
#endif
#ifdef CKM_RSA_PKCS_TPM_1_1
printf("CKM_RSA_PKCS_TPM_1_1 %lu\n",(unsigned long)(CKM_RSA_PKCS_TPM_1_1));
#endif
#ifdef CKM_RSA_PKCS_OAEP_TPM_1_1
printf("CKM_RSA_PKCS_OAEP_TPM_1_1 %lu\n",(unsigned long)(CKM_RSA_PKCS_OAEP_TPM_1_1));
#endif
#ifdef CKM_SHA_1_KEY_GEN
printf("CKM_SHA_1_KEY_GEN %lu\n",(unsigned long)(CKM_SHA_1_KEY_GEN));
#endif
#ifdef CKM_SHA224_KEY_GEN
printf("CKM_SHA224_KEY_GEN %lu\n",(unsigned long)(CKM_SHA224_KEY_GEN));
#endif
#ifdef CKM_SHA256_KEY_GEN
printf("CKM_SHA256_KEY_GEN %lu\n",(unsigned long)(CKM_SHA256_KEY_GEN));
#endif
#ifdef CKM_SHA384_KEY_GEN
printf("CKM_SHA384_KEY_GEN %lu\n",(unsigned long)(CKM_SHA384_KEY_GEN));
#endif
#ifdef CKM_SHA512_KEY_GEN
printf("CKM_SHA512_KEY_GEN %lu\n",(unsigned long)(CKM_SHA512_KEY_GEN));
#endif
#ifdef CKM_SHA512_224_KEY_GEN
printf("CKM_SHA512_224_KEY_GEN %lu\n",(unsigned long)(CKM_SHA512_224_KEY_GEN));
#endif
#ifdef CKM_SHA512_256_KEY_GEN
printf("CKM_SHA512_256_KEY_GEN %lu\n",(unsigned long)(CKM_SHA512_256_KEY_GEN));
#endif
#ifdef CKM_SHA512_T_KEY_GEN
printf("CKM_SHA512_T_KEY_GEN %lu\n",(unsigned long)(CKM_SHA512_T_KEY_GEN));
#endif
#ifdef CKM_NULL
printf("CKM_NULL %lu\n",(unsigned long)(CKM_NULL));
#endif
#ifdef CKM_BLAKE2B_160
printf("CKM_BLAKE2B_160 %lu\n",(unsigned long)(CKM_BLAKE2B_160));
#endif
#ifdef CKM_BLAKE2B_160_HMAC
printf("CKM_BLAKE2B_160_HMAC %lu\n",(unsigned long)(CKM_BLAKE2B_160_HMAC));
#endif
#ifdef CKM_BLAKE2B_160_HMAC_GENERAL
printf("CKM_BLAKE2B_160_HMAC_GENERAL %lu\n",(unsigned long)(CKM_BLAKE2B_160_HMAC_GENERAL));
#endif
#ifdef CKM_BLAKE2B_160_KEY_DERIVE
printf("CKM_BLAKE2B_160_KEY_DERIVE %lu\n",(unsigned long)(CKM_BLAKE2B_160_KEY_DERIVE));
#endif
#ifdef CKM_BLAKE2B_160_KEY_GEN
printf("CKM_BLAKE2B_160_KEY_GEN %lu\n",(unsigned long)(CKM_BLAKE2B_160_KEY_GEN));
#endif
#ifdef CKM_BLAKE2B_256
printf("CKM_BLAKE2B_256 %lu\n",(unsigned long)(CKM_BLAKE2B_256));
#endif
#ifdef CKM_BLAKE2B_256_HMAC
printf("CKM_BLAKE2B_256_HMAC %lu\n",(unsigned long)(CKM_BLAKE2B_256_HMAC));
#endif
#ifdef CKM_BLAKE2B_256_HMAC_GENERAL
printf("CKM_BLAKE2B_256_HMAC_GENERAL %lu\n",(unsigned long)(CKM_BLAKE2B_256_HMAC_GENERAL));
#endif
#ifdef CKM_BLAKE2B_256_KEY_DERIVE
printf("CKM_BLAKE2B_256_KEY_DERIVE %lu\n",(unsigned long)(CKM_BLAKE2B_256_KEY_DERIVE));
#endif
#ifdef CKM_BLAKE2B_256_KEY_GEN
printf("CKM_BLAKE2B_256_KEY_GEN %lu\n",(unsigned long)(CKM_BLAKE2B_256_KEY_GEN));
#endif
#ifdef CKM_BLAKE2B_384
printf("CKM_BLAKE2B_384 %lu\n",(unsigned long)(CKM_BLAKE2B_384));
#endif
#ifdef CKM_BLAKE2B_384_HMAC
printf("CKM_BLAKE2B_384_HMAC %lu\n",(unsigned long)(CKM_BLAKE2B_384_HMAC));
#endif
#ifdef CKM_BLAKE2B_384_HMAC_GENERAL
printf("CKM_BLAKE2B_384_HMAC_GENERAL %lu\n",(unsigned long)(CKM_BLAKE2B_384_HMAC_GENERAL));
#endif
#ifdef CKM_BLAKE2B_384_KEY_DERIVE
printf("CKM_BLAKE2B_384_KEY_DERIVE %lu\n",(unsigned long)(CKM_BLAKE2B_384_KEY_DERIVE));
#endif
#ifdef CKM_BLAKE2B_384_KEY_GEN
printf("CKM_BLAKE2B_384_KEY_GEN %lu\n",(unsigned long)(CKM_BLAKE2B_384_KEY_GEN));
#endif
#ifdef CKM_BLAKE2B_512
printf("CKM_BLAKE2B_512 %lu\n",(unsigned long)(CKM_BLAKE2B_512));
#endif
#ifdef CKM_BLAKE2B_512_HMAC
printf("CKM_BLAKE2B_512_HMAC %lu\n",(unsigned long)(CKM_BLAKE2B_512_HMAC));
#endif
#ifdef CKM_BLAKE2B_512_HMAC_GENERAL
printf("CKM_BLAKE2B_512_HMAC_GENERAL %lu\n",(unsigned long)(CKM_BLAKE2B_512_HMAC_GENERAL));
#endif
#ifdef CKM_BLAKE2B_512_KEY_DERIVE
printf("CKM_BLAKE2B_512_KEY_DERIVE %lu\n",(unsigned long)(CKM_BLAKE2B_512_KEY_DERIVE));
#endif
#ifdef CKM_BLAKE2B_512_KEY_GEN
printf("CKM_BLAKE2B_512_KEY_GEN %lu\n",(unsigned long)(CKM_BLAKE2B_512_KEY_GEN));
#endif
#ifdef CKM_SALSA20
printf("CKM_SALSA20 %lu\n",(unsigned long)(CKM_SALSA20));
#endif
#ifdef CKM_CHACHA20_POLY1305
printf("CKM_CHACHA20_POLY1305 %lu\n",(unsigned long)(CKM_CHACHA20_POLY1305));
#endif
#ifdef CKM_SALSA20_POLY1305
printf("CKM_SALSA20_POLY1305 %lu\n",(unsigned long)(CKM_SALSA20_POLY1305));
#endif
#ifdef CKM_X3DH_INITIALIZE
printf("CKM_X3DH_INITIALIZE %lu\n",(unsigned long)(CKM_X3DH_INITIALIZE));
#endif
#ifdef CKM_X3DH_RESPOND
printf("CKM_X3DH_RESPOND %lu\n",(unsigned long)(CKM_X3DH_RESPOND));
#endif
#ifdef CKM_X2RATCHET_INITIALIZE
printf("CKM_X2RATCHET_INITIALIZE %lu\n",(unsigned long)(CKM_X2RATCHET_INITIALIZE));
#endif
#ifdef CKM_X2RATCHET_RESPOND
printf("CKM_X2RATCHET_RESPOND %lu\n",(unsigned long)(CKM_X2RATCHET_RESPOND));
#endif
#ifdef CKM_X2RATCHET_ENCRYPT
printf("CKM_X2RATCHET_ENCRYPT %lu\n",(unsigned long)(CKM_X2RATCHET_ENCRYPT));
#endif
#ifdef CKM_X2RATCHET_DECRYPT
printf("CKM_X2RATCHET_DECRYPT %lu\n",(unsigned long)(CKM_X2RATCHET_DECRYPT));
#endif
#ifdef CKM_XEDDSA
printf("CKM_XEDDSA %lu\n",(unsigned long)(CKM_XEDDSA));
#endif
#ifdef CKM_HKDF_DERIVE
printf("CKM_HKDF_DERIVE %lu\n",(unsigned long)(CKM_HKDF_DERIVE));
#endif
#ifdef CKM_HKDF_DATA
printf("CKM_HKDF_DATA %lu\n",(unsigned long)(CKM_HKDF_DATA));
#endif
#ifdef CKM_HKDF_KEY_GEN
printf("CKM_HKDF_KEY_GEN %lu\n",(unsigned long)(CKM_HKDF_KEY_GEN));
#endif
#ifdef CKM_SALSA20_KEY_GEN
printf("CKM_SALSA20_KEY_GEN %lu\n",(unsigned long)(CKM_SALSA20_KEY_GEN));
#endif
#ifdef CKM_IKE2_PRF_PLUS_DERIVE
printf("CKM_IKE2_PRF_PLUS_DERIVE %lu\n",(unsigned long)(CKM_IKE2_PRF_PLUS_DERIVE));
#endif
#ifdef CKM_IKE_PRF_DERIVE
printf("CKM_IKE_PRF_DERIVE %lu\n",(unsigned long)(CKM_IKE_PRF_DERIVE));
#endif
#ifdef CKM_IKE1_PRF_DERIVE
printf("CKM_IKE1_PRF_DERIVE %lu\n",(unsigned long)(CKM_IKE1_PRF_DERIVE));
#endif
#ifdef CKM_IKE1_EXTENDED_DERIVE
printf("CKM_IKE1_EXTENDED_DERIVE %lu\n",(unsigned long)(CKM_IKE1_EXTENDED_DERIVE));
#endif
#ifdef CKM_VENDOR_DEFINED
printf("CKM_VENDOR_DEFINED %lu\n",(unsigned long)(CKM_VENDOR_DEFINED));
#endif
return 0;}
