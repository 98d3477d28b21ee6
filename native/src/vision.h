// SmartParking's own layer over OpenCV 4.6: plain C types and error codes only, no C++ exception crosses it.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SP_API __attribute__((visibility("default")))

enum sp_status {
    SP_OK = 0,
    SP_ERR_ARGUMENT = -1,       // null pointer, bad size
    SP_ERR_EMPTY = -2,          // zero bytes
    SP_ERR_FORMAT = -3,         // not a JPEG or PNG
    SP_ERR_TRUNCATED = -4,      // the file ends before the image does
    SP_ERR_TOO_LARGE = -5,      // more pixels than the caller allows
    SP_ERR_DECODE = -6,         // OpenCV could not decode it
    SP_ERR_MODEL = -7,          // model missing or unreadable
    SP_ERR_INTERNAL = -8,       // an unexpected OpenCV error (message in the engine's last error)
    SP_ERR_BUFFER = -9,         // caller's buffer too small
};

enum sp_color { SP_COLOR_UNKNOWN = 0, SP_COLOR_BLUE = 1, SP_COLOR_YELLOW = 2, SP_COLOR_GREEN = 3, SP_COLOR_WHITE = 4, SP_COLOR_BLACK = 5 };

typedef struct sp_engine sp_engine;

typedef struct sp_candidate {
    float x, y, w, h;          // axis-aligned box in the original image
    float quad[8];             // corners (tl, tr, br, bl) of the straightened region
    int32_t color;             // sp_color
    float score;               // localisation score, 0..1
} sp_candidate;

typedef struct sp_image_info {
    int32_t width, height;
    int32_t format;            // 1 JPEG, 2 PNG
} sp_image_info;

SP_API int32_t sp_version(void);

// Loads the reader (ONNX) with a pool of `pool_size` networks so that calls from many threads run in parallel, and
// the plate finder from plate-finder.onnx in the reader's folder when it is there.
SP_API int32_t sp_engine_create(const char* model_path, int32_t pool_size, sp_engine** engine, char* error, int32_t error_len);
SP_API void sp_engine_destroy(sp_engine* engine);
SP_API int32_t sp_model_shape(sp_engine* engine, int32_t* timesteps, int32_t* classes);

// Reads width/height/format from the header without decoding; checks that the file is complete.
SP_API int32_t sp_probe(const uint8_t* data, int32_t length, sp_image_info* info);

// A decoded photo, read in looks: the likeliest plate regions first, the rest only if the caller asks.
typedef struct sp_photo sp_photo;

// Checks the header and decodes; at most `max_candidates` regions are read over all looks. One thread at a time.
SP_API int32_t sp_photo_open(sp_engine* engine, const uint8_t* data, int32_t length, int64_t max_pixels,
                             int32_t max_candidates, sp_photo** photo);
SP_API void sp_photo_close(sp_photo* photo);

// Reads the photo's next look: first the plate finder's marks (for a photo that is already a plate crop, the whole
// image and its tilted text line), then the colour and edge cues' regions; each region also as refined by its own
// colour. Up to `capacity` candidates; `probs` receives, per candidate, timesteps x classes softmax probabilities
// (row-major). Returns the number read, 0 when no look is left, or an sp_status.
SP_API int32_t sp_photo_read(sp_engine* engine, sp_photo* photo, int32_t capacity, sp_candidate* candidates,
                             float* probs, int32_t probs_length);

// Reads a candidate's region again, moved a little six ways and, unmoved, in four other lights (`quad`: the candidate's
// corners, 8 floats): a read that changes when its box moves or the light changes is not sure. Writes sp_moved_reads()
// T x C probability blocks; returns their number or an sp_status.
SP_API int32_t sp_photo_read_moved(sp_engine* engine, sp_photo* photo, const float* quad, float* probs, int32_t probs_length);

// Reads a candidate's region lengthened to the right by `more` of its length (0 < more <= 1): an 8-character plate
// whose box was cut short shows its last character. Writes one T x C probability block; returns 1 or an sp_status.
SP_API int32_t sp_photo_read_lengthened(sp_engine* engine, sp_photo* photo, const float* quad, float more, float* probs,
                                        int32_t probs_length);

// Reads a candidate's region (`quad`, 8 floats) with a cast shadow lifted off it: each pixel brightened by how much
// darker the plate's background colour is around it than in the light. `depth` gets how much darker the darkest
// background is than the brightest (1: evenly lit). Writes one T x C probability block and returns 1; returns 0 when
// the plate has no coloured background to measure the light on (white and black plates), or an sp_status.
SP_API int32_t sp_photo_read_unshadowed(sp_engine* engine, sp_photo* photo, const float* quad, float* probs,
                                        int32_t probs_length, float* depth);

// How many moved reads sp_photo_read_moved writes (10).
SP_API int32_t sp_moved_reads(void);

// The province checker (models/plate-province.onnx beside the reader, if present): a second network, trained apart
// from the reader, that names the first character of each of `count` candidates from the left of its crop alone.
// Writes, per candidate, sp_province_classes() softmax probabilities (the provinces, then "no province"); returns
// `count`, or SP_ERR_MODEL when the engine has no checker.
SP_API int32_t sp_photo_check_provinces(sp_engine* engine, sp_photo* photo, const sp_candidate* candidates, int32_t count,
                                        float* probs, int32_t probs_length);

// How many classes the province checker names; 0 when the engine has none.
SP_API int32_t sp_province_classes(sp_engine* engine);

// Only the plate finder (models/plate-finder.onnx beside the reader, if present): up to `max_candidates` plates it
// marks in the photo, best first, without reading them. SP_ERR_MODEL when the engine has no finder.
SP_API int32_t sp_find_plates(sp_engine* engine, const uint8_t* data, int32_t length, int64_t max_pixels,
                              int32_t max_candidates, sp_candidate* candidates);

// Draws a plate from a glyph atlas (see tools/recognition/atlas.py) into a PNG, optionally inside a larger
// scene. `glyphs` are atlas cell indices. Returns the PNG length, or an sp_status; SP_ERR_BUFFER if `capacity`
// is too small (the needed length is then written to *needed).
SP_API int32_t sp_render_plate(const char* atlas_path, const int32_t* glyphs, int32_t count, int32_t color,
                               int32_t plate_width, int32_t scene_width, int32_t scene_height,
                               uint8_t* png, int32_t capacity, int32_t* needed);

#ifdef __cplusplus
}
#endif
